"""Bit tricks for numba kernels: hardware population and trailing-zero counts, a memory prefetch,
an atomic OR."""
from llvmlite import ir
from numba import types
from numba.extending import intrinsic


_I64 = ir.IntType(64)


def _bit_count_codegen(name: str, *flags: int):
    """Code of an ``int64 -> int64`` LLVM bit-count intrinsic; ``flags`` are its trailing
    ``i1`` arguments (``cttz``'s "zero is poison", here 0)."""
    function_type = ir.FunctionType(_I64, [_I64] + [ir.IntType(1)] * len(flags))

    def codegen(context, builder, signature, args):
        value = args[0]
        if signature.args[0].bitwidth < 64:
            value = builder.zext(value, _I64)
        function = builder.module.declare_intrinsic(name, [_I64], function_type)
        return builder.call(function, [value] + [ir.Constant(ir.IntType(1), f) for f in flags])

    return codegen


@intrinsic
def popcount(typingctx, x):
    """Number of set bits of an integer (LLVM ``ctpop``; one instruction on x86-64)."""
    if not isinstance(x, types.Integer):
        return None
    return types.int64(x), _bit_count_codegen("llvm.ctpop")


@intrinsic
def trailing_zeros(typingctx, x):
    """Number of zero bits below the lowest set bit of a 64-bit integer (LLVM ``cttz``; 64 for
    zero). Iterating ``while x: i = trailing_zeros(x); x &= x - 1`` visits the set bits."""
    if not isinstance(x, types.Integer):
        return None
    return types.int64(x), _bit_count_codegen("llvm.cttz", 0)


@intrinsic
def prefetch(typingctx, array, index):
    """Hint the processor to bring ``array[index]`` into cache for writing (LLVM ``prefetch``).

    Only a hint: nothing is read or written, and an index outside the array is harmless (the
    address is never dereferenced). Issued as soon as a random index is known, it lets the
    cache misses of many later accesses overlap.
    """
    if not isinstance(array, types.Array) or not isinstance(index, types.Integer):
        return None

    def codegen(context, builder, signature, args):
        arr_type, _ = signature.args
        arr = context.make_array(arr_type)(context, builder, args[0])
        pointer = builder.gep(arr.data, [args[1]])
        byte_pointer = builder.bitcast(pointer, ir.IntType(8).as_pointer())
        function = builder.module.declare_intrinsic(
            "llvm.prefetch", fnty=ir.FunctionType(ir.VoidType(), [ir.IntType(8).as_pointer()] + [ir.IntType(32)] * 3))
        builder.call(function, [byte_pointer, ir.Constant(ir.IntType(32), 1), ir.Constant(ir.IntType(32), 3),
                                ir.Constant(ir.IntType(32), 1)])
        return context.get_dummy_value()

    return types.void(array, index), codegen


@intrinsic
def atomic_or(typingctx, array, index, value):
    """``array[index] |= value`` as one atomic instruction (LLVM ``atomicrmw or``); returns
    the word's value before. For a ``uint64`` array: two threads that set bits of one word
    at once both keep their bits, where a plain read-modify-write may lose one."""
    if not (isinstance(array, types.Array) and array.dtype == types.uint64 and isinstance(index, types.Integer)
            and isinstance(value, types.Integer)):
        return None

    def codegen(context, builder, signature, args):
        arr_type, _, value_type = signature.args
        arr = context.make_array(arr_type)(context, builder, args[0])
        pointer = builder.gep(arr.data, [args[1]])
        bits = context.cast(builder, args[2], value_type, types.uint64)
        return builder.atomic_rmw("or", pointer, bits, "monotonic")

    return types.uint64(array, index, value), codegen
