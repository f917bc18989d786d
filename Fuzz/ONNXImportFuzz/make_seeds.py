"""Small ONNX models for the fuzzer's seed corpus (Fuzz/ONNXImportFuzz/corpus), each a few hundred
bytes and each a graph the reader accepts, so that mutations start from every op and fusion it reads
rather than from the large torchvision exports (Tests/ONNXReference/models, also seeds) alone.

Run with onnx 1.23.2 from this directory: python make_seeds.py (rewrites corpus/*.onnx).
Weights have dimensions only, as in the exports; integer tensors (shapes, axes) have values.
"""

import os

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def weight(name, dims):
    tensor = TensorProto(name=name, data_type=TensorProto.FLOAT)
    tensor.dims.extend(dims)
    return tensor


def integers(name, values, dims=None):
    return helper.make_tensor(name, TensorProto.INT64, [len(values)] if dims is None else dims, values)


def model(name, nodes, initializers, input_shape, output="y"):
    graph = helper.make_graph(
        nodes,
        name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, input_shape)],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, None)],
        initializers,
    )
    made = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)], producer_name="make_seeds")
    made.ir_version = 10
    with open(os.path.join(CORPUS, name + ".onnx"), "wb") as f:
        f.write(made.SerializeToString())


N = helper.make_node

# Conv, BatchNorm, ReLU, max pool, global pool, flatten, Gemm: a small classifier.
model("classifier", [
    N("Conv", ["x", "w", "b"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
    N("BatchNormalization", ["c", "g", "beta", "m", "v"], ["n"]),
    N("Relu", ["n"], ["r"]),
    N("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
    N("GlobalAveragePool", ["p"], ["q"]),
    N("Flatten", ["q"], ["f"], axis=1),
    N("Gemm", ["f", "fw", "fb"], ["y"], transB=1),
], [weight("w", [8, 3, 3, 3]), weight("b", [8]), weight("g", [8]), weight("beta", [8]), weight("m", [8]),
    weight("v", [8]), weight("fw", [10, 8]), weight("fb", [10])], [1, 3, 16, 16])

# Depthwise and grouped convolution with dilation, SiLU spelled x·sigmoid(x), hard swish spelled
# x·hardsigmoid(x), ReLU6 as Clip, a squeeze-excite gate, average pooling.
model("mobile", [
    N("Conv", ["x", "w1"], ["c1"], kernel_shape=[3, 3], pads=[2, 2, 2, 2], dilations=[2, 2], group=4),
    N("Sigmoid", ["c1"], ["s1"]),
    N("Mul", ["c1", "s1"], ["a1"]),
    N("HardSigmoid", ["a1"], ["h1"], alpha=1.0 / 6, beta=0.5),
    N("Mul", ["a1", "h1"], ["a2"]),
    N("Clip", ["a2", "lo", "hi"], ["a3"]),
    N("ReduceMean", ["a3", "axes"], ["se"], keepdims=1),
    N("Conv", ["se", "w2", "b2"], ["se2"], kernel_shape=[1, 1]),
    N("Sigmoid", ["se2"], ["gate"]),
    N("Mul", ["a3", "gate"], ["scaled"]),
    N("AveragePool", ["scaled"], ["y"], kernel_shape=[2, 2], strides=[2, 2]),
], [weight("w1", [4, 1, 3, 3]), helper.make_tensor("lo", TensorProto.FLOAT, [], [0.0]),
    helper.make_tensor("hi", TensorProto.FLOAT, [], [6.0]), integers("axes", [2, 3]),
    weight("w2", [4, 4, 1, 1]), weight("b2", [4])], [1, 4, 8, 8])

# A transposed convolution decoder with group and instance normalisation, LeakyReLU, Tanh.
model("decoder", [
    N("ConvTranspose", ["x", "w1", "b1"], ["u1"], kernel_shape=[4, 4], strides=[2, 2], pads=[1, 1, 1, 1]),
    N("GroupNormalization", ["u1", "gs", "gb"], ["n1"], num_groups=2),
    N("LeakyRelu", ["n1"], ["r1"], alpha=0.2),
    N("ConvTranspose", ["r1", "w2"], ["u2"], kernel_shape=[3, 3], strides=[2, 2], output_padding=[1, 1], pads=[1, 1, 1, 1]),
    N("InstanceNormalization", ["u2", "is", "ib"], ["n2"]),
    N("Tanh", ["n2"], ["y"]),
], [weight("w1", [8, 4, 4, 4]), weight("b1", [4]), weight("gs", [4]), weight("gb", [4]),
    weight("w2", [4, 2, 3, 3]), weight("is", [2]), weight("ib", [2])], [1, 8, 4, 4])

# Attention over tokens: MatMul + bias (nn.Linear on 3-D), LayerNorm, the scale as a constant
# factor, Softmax, a product of two computed values, residual add, GELU, Dropout.
model("attention", [
    N("LayerNormalization", ["x", "ls", "lb"], ["n"], axis=-1),
    N("MatMul", ["n", "wq"], ["q0"]), N("Add", ["q0", "bq"], ["q"]),
    N("MatMul", ["n", "wk"], ["k0"]), N("Add", ["k0", "bk"], ["k"]),
    N("MatMul", ["n", "wv"], ["v0"]), N("Add", ["v0", "bv"], ["v"]),
    N("Transpose", ["k"], ["kt"], perm=[0, 2, 1]),
    N("Mul", ["q", "scale"], ["qs"]),
    N("MatMul", ["qs", "kt"], ["scores"]),
    N("Softmax", ["scores"], ["weights"], axis=-1),
    N("MatMul", ["weights", "v"], ["attended"]),
    N("Add", ["x", "attended"], ["res"]),
    N("Gelu", ["res"], ["g"]),
    N("Dropout", ["g"], ["y"]),
], [weight("ls", [16]), weight("lb", [16]), weight("wq", [16, 16]), weight("bq", [16]), weight("wk", [16, 16]),
    weight("bk", [16]), weight("wv", [16, 16]), weight("bv", [16]),
    helper.make_tensor("scale", TensorProto.FLOAT, [], [0.25])], [1, 6, 16])

# Shape arithmetic an unoptimised export does (Shape, Gather, Unsqueeze, Concat, Reshape), channel
# shuffle (reshape, swap, reshape back), Split and Concat, Slice, a class token and a position
# embedding (Concat and Add of learned tensors).
model("shapes", [
    N("Shape", ["x"], ["sh"]),
    N("Gather", ["sh", "zero"], ["batch"], axis=0),
    N("Unsqueeze", ["batch", "axis0"], ["b1"]),
    N("Concat", ["b1", "groups", "per", "hw"], ["shape5"], axis=0),
    N("Reshape", ["x", "shape5"], ["r5"]),
    N("Transpose", ["r5"], ["t5"], perm=[0, 2, 1, 3, 4]),
    N("Reshape", ["t5", "shape4"], ["shuffled"]),
    N("Split", ["shuffled", "halves"], ["left", "right"], axis=1),
    N("Concat", ["right", "left"], ["joined"], axis=1),
    N("Slice", ["joined", "starts", "ends", "axes"], ["sliced"]),
    N("Reshape", ["sliced", "tokenshape"], ["tokens0"]),
    N("Transpose", ["tokens0"], ["tokens"], perm=[0, 2, 1]),
    N("Expand", ["cls", "clsshape"], ["clsb"]),
    N("Concat", ["clsb", "tokens"], ["withcls"], axis=1),
    N("Add", ["withcls", "pos"], ["y"]),
], [integers("zero", [0], dims=[]), integers("axis0", [0]), integers("groups", [2]), integers("per", [2]),
    integers("hw", [4, 4]), integers("shape4", [1, 4, 4, 4]), integers("halves", [2, 2]),
    integers("starts", [1]), integers("ends", [3]), integers("axes", [2]),
    integers("tokenshape", [1, 4, 8]), weight("cls", [1, 1, 4]), integers("clsshape", [1, 1, 4]), weight("pos", [1, 9, 4])], [1, 4, 4, 4])

# Constants and held arithmetic: ConstantOfShape, Range, Where, Cast, Equal, a learned layer
# scale, SplitToSequence and SequenceAt, GlobalMaxPool, ReduceMax, Squeeze.
model("held", [
    N("Constant", [], ["n4"], value=integers("n4v", [4], dims=[])),
    N("Range", ["zero", "n4", "one"], ["r"]),
    N("Equal", ["r", "r"], ["same"]),
    N("Cast", ["same"], ["samef"], to=TensorProto.FLOAT),
    N("ConstantOfShape", ["four"], ["ones"], value=helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0])),
    N("Where", ["same", "ones", "samef"], ["mask"]),
    N("Reshape", ["mask", "cshape"], ["mask3"]),
    N("Mul", ["x", "mask3"], ["masked"]),
    N("Mul", ["masked", "gamma"], ["scaled"]),
    N("SplitToSequence", ["scaled", "halves"], ["seq"], axis=1),
    N("SequenceAt", ["seq", "zero"], ["first"]),
    N("GlobalMaxPool", ["first"], ["gm"]),
    N("ReduceMax", ["first", "axes"], ["rm"], keepdims=1),
    N("Add", ["gm", "rm"], ["both"]),
    N("Squeeze", ["both", "sq"], ["y"]),
], [integers("zero", [0], dims=[]), integers("one", [1], dims=[]), integers("four", [4]),
    integers("cshape", [4, 1, 1]), weight("gamma", [4, 1, 1]), integers("halves", [2, 2]),
    integers("axes", [2, 3]), integers("sq", [2, 3])], [1, 4, 6, 6])

# Weights as graph inputs (export_params=False) and a symbolic batch.
graph = helper.make_graph(
    [N("Conv", ["x", "w"], ["c"], kernel_shape=[1, 1]), N("Relu", ["c"], ["y"])],
    "weights_as_inputs",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3, 8, 8]),
     helper.make_tensor_value_info("w", TensorProto.FLOAT, [5, 3, 1, 1])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
)
made = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)], producer_name="make_seeds")
made.ir_version = 10
with open(os.path.join(CORPUS, "weights_as_inputs.onnx"), "wb") as f:
    f.write(made.SerializeToString())
