using Google.Protobuf;
using Onnx;
using Orleans.Rec.Models;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>
/// Small ONNX graphs whose answers show exactly what a runner fed them. The history input has a fixed length L and
/// each slot t weighs 10^t, so <c>scores[r, j] = Σ_t 10^t · [history[r, t] = j]</c> (column 0 counts padding): a
/// left-padded history [0, 2, 3] scores item 2 = 10 and item 3 = 100, a right-padded one would not. With a length
/// input the scores are multiplied by it. Variants: int32 or int64 ids, scores only (a score per model index) or a
/// fixed-width top-k output with item ids and no k input.
/// </summary>
public static class PositionGraph
{
    public const string History = "history";
    public const string Length = "length";
    public const string Scores = "scores";
    public const string Items = "items";

    /// <summary>The graph's ONNX bytes.</summary>
    /// <param name="items">Catalog size (model indices 1..items).</param>
    /// <param name="historyLength">L, the fixed history length.</param>
    /// <param name="idType">The history (and length) element type: <c>int64</c> or <c>int32</c>.</param>
    /// <param name="withLength">Adds the length input.</param>
    /// <param name="topK">When set, outputs the top this many (scores and item ids, padding included) instead of every score.</param>
    public static byte[] Build(int items, int historyLength, string idType = "int64", bool withLength = false, int? topK = null)
    {
        var width = items + 1;
        var identity = new float[width * width];
        for (var i = 0; i < width; i++)
        {
            identity[(i * width) + i] = 1f;
        }

        var weights = Enumerable.Range(0, historyLength).Select(t => MathF.Pow(10, t)).ToArray();
        var ids = idType == "int32" ? TensorProto.Types.DataType.Int32 : TensorProto.Types.DataType.Int64;
        var graph = new GraphProto { Name = "positions" };
        graph.Initializer.Add(Floats("identity", identity, width, width));
        graph.Initializer.Add(Floats("weights", weights, 1, historyLength, 1));
        graph.Initializer.Add(Longs("axis_1", [1], 1));
        graph.Input.Add(Value(History, ids, -1, historyLength));
        graph.Node.Add(Node("Gather", ["identity", History], ["one_hot"], Int("axis", 0)));
        graph.Node.Add(Node("Mul", ["one_hot", "weights"], ["weighted"]));
        var scores = topK is null ? Scores : "all_scores";
        graph.Node.Add(Node("ReduceSum", ["weighted", "axis_1"], [withLength ? "unscaled" : scores], Int("keepdims", 0)));
        if (withLength)
        {
            graph.Input.Add(Value(Length, ids, -1));
            graph.Node.Add(Node("Cast", [Length], ["length_float"], Int("to", (long)TensorProto.Types.DataType.Float)));
            graph.Node.Add(Node("Unsqueeze", ["length_float", "axis_1"], ["length_column"]));
            graph.Node.Add(Node("Mul", ["unscaled", "length_column"], [scores]));
        }

        if (topK is int k)
        {
            graph.Initializer.Add(Longs("k", [k], 1));
            graph.Node.Add(Node("TopK", [scores, "k"], [Scores, Items], Int("axis", 1), Int("largest", 1), Int("sorted", 1)));
            graph.Output.Add(Value(Scores, TensorProto.Types.DataType.Float, -1, k));
            graph.Output.Add(Value(Items, TensorProto.Types.DataType.Int64, -1, k));
        }
        else
        {
            graph.Output.Add(Value(Scores, TensorProto.Types.DataType.Float, -1, width));
        }

        var model = new ModelProto { IrVersion = 8, ProducerName = "Orleans.Rec tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        return model.ToByteArray();
    }

    /// <summary>The signature that <see cref="Build"/> with the same arguments makes.</summary>
    public static ModelSignature Signature(int historyLength, string idType = "int64", bool withLength = false, bool topK = false)
    {
        TensorSpec[] history = [new TensorSpec { Name = History, DataType = idType, Dims = [-1, historyLength], Role = TensorRole.HistoryItemIds }];
        TensorSpec[] length = withLength ? [new TensorSpec { Name = Length, DataType = idType, Dims = [-1], Role = TensorRole.HistoryLength }] : [];
        TensorSpec[] items = topK ? [new TensorSpec { Name = Items, DataType = "int64", Dims = [-1, -1], Role = TensorRole.ItemIds }] : [];
        return new ModelSignature
        {
            Inputs = [.. history, .. length],
            Outputs = [new TensorSpec { Name = Scores, DataType = "float32", Dims = [-1, -1], Role = TensorRole.Scores }, .. items],
        };
    }

    private static TensorProto Floats(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    private static TensorProto Longs(string name, long[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    /// <summary>A tensor value; a dimension of -1 is dynamic.</summary>
    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "batch" } : new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    private static NodeProto Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{outputs[0]}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
}
