using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Orleans.Rec.Tools.Models;

/// <summary>Reads an ONNX model's inputs and outputs (names, element types, shapes with their symbolic names) through ONNX Runtime.</summary>
public static class OnnxGraphReader
{
    /// <summary>The graph's inputs and outputs, in graph order.</summary>
    /// <exception cref="OnnxRuntimeException">The bytes are not a model ONNX Runtime can load.</exception>
    public static (GraphTensor[] Inputs, GraphTensor[] Outputs) Read(byte[] model)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model, options);
        return (Tensors(session.InputNames, session.InputMetadata), Tensors(session.OutputNames, session.OutputMetadata));
    }

    private static GraphTensor[] Tensors(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        names.Select(name => Tensor(name, metadata[name])).ToArray();

    private static GraphTensor Tensor(string name, NodeMetadata meta)
    {
        if (!meta.IsTensor)
        {
            return new GraphTensor(name, meta.OnnxValueType.ToString().ToLowerInvariant(), [], []);
        }

        var type = meta.ElementDataType switch
        {
            TensorElementType.Int64 => "int64",
            TensorElementType.Int32 => "int32",
            TensorElementType.Float => "float32",
            var other => other.ToString().ToLowerInvariant(),
        };
        var dims = meta.Dimensions.Select(d => d > 0 ? (long)d : -1L).ToArray();
        var symbols = meta.SymbolicDimensions.Select(s => string.IsNullOrEmpty(s) ? null : s).ToArray();
        return new GraphTensor(name, type, dims, symbols);
    }
}
