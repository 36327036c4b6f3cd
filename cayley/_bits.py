"""Bit tricks for numba kernels: a hardware population count and a memory prefetch."""
from llvmlite import ir
from numba import types
from numba.extending import intrinsic


@intrinsic
def popcount(typingctx, x):
    """Number of set bits of an integer (LLVM ``ctpop``; one instruction on x86-64)."""
    if not isinstance(x, types.Integer):
        return None

    def codegen(context, builder, signature, args):
        value = args[0]
        if x.bitwidth < 64:
            value = builder.zext(value, ir.IntType(64))
        function = builder.module.declare_intrinsic("llvm.ctpop", [ir.IntType(64)])
        return builder.call(function, [value])

    return types.int64(x), codegen


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
