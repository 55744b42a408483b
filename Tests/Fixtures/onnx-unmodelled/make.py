"""Writes unmodelled.onnx: a convolution followed by an operator tissue does not model
(Sin, twice), for the test that an unmodelled operator makes analyze's totals lower bounds
and check an error. Run with the onnx package: python3 make.py"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

weight = numpy_helper.from_array(np.zeros((4, 3, 3, 3), dtype=np.float32), "conv.weight")
nodes = [
    helper.make_node("Conv", ["input", "conv.weight"], ["c"], name="/conv/Conv", kernel_shape=[3, 3]),
    helper.make_node("Sin", ["c"], ["s1"], name="/sin1/Sin"),
    helper.make_node("Sin", ["s1"], ["output"], name="/sin2/Sin"),
]
graph = helper.make_graph(
    nodes, "unmodelled",
    [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 8, 8])],
    [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 4, 6, 6])],
    [weight])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="make.py")
model = onnx.shape_inference.infer_shapes(model)
onnx.checker.check_model(model)
onnx.save(model, "unmodelled.onnx")
