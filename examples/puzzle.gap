# A toy puzzle in GAP format: two overlapping 3-cycles on five stickers.
M_a:=(1,2,3);
M_b:=(3,4,5);
Gen:=[M_a,M_b];
