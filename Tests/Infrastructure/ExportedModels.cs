using Google.Protobuf;
using Onnx;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>What an exported model's graph looks like at its edges.</summary>
/// <param name="IdType">History (and length) element type: <c>int64</c> or <c>int32</c>.</param>
/// <param name="WithLength">Takes a [batch] length input (and divides by it, so it matters).</param>
/// <param name="Output">Scores for every index, a TopK with a k input, or a TopK of fixed width.</param>
/// <param name="FixedBatchOfOne">The batch dimension is 1, as a trace with one example leaves it.</param>
public sealed record ExportShape(string IdType = "int64", bool WithLength = false, ExportOutput Output = ExportOutput.ScoresOnly, bool FixedBatchOfOne = false)
{
    public override string ToString() =>
        $"{IdType}{(WithLength ? "+length" : "")}, {Output}, batch {(FixedBatchOfOne ? "1" : "symbolic")}";
}

/// <summary>The output shapes real exports have.</summary>
public enum ExportOutput
{
    /// <summary>One output: a score per model index, [batch, items + 1], column 0 padding.</summary>
    ScoresOnly,

    /// <summary>A TopK in the graph with a k input: scores and item ids, [batch, k].</summary>
    TopKWithInput,

    /// <summary>A TopK in the graph with K fixed at export: scores and item ids, [batch, K].</summary>
    TopKFixed,
}

/// <summary>
/// Models built the way PyTorch exports of sequence recommenders look, with random weights (seeded): a mean of item
/// embeddings scored against the catalog in each <see cref="ExportShape"/>, and a GRU model (embedding → GRU →
/// projection to the catalog, as GRU4Rec). Padding (index 0) scores −∞ in every one, so it is never ranked.
/// </summary>
public static class ExportedModels
{
    public const int FixedK = 8;

    /// <summary>A mean-of-embeddings model over <paramref name="items"/> items in <paramref name="shape"/>.</summary>
    public static byte[] MeanEmbedding(int items, ExportShape shape, int dims = 8, int seed = 1)
    {
        var random = new Random(seed);
        var rows = items + 1;
        var table = Gaussian(random, rows * dims);
        Array.Clear(table, 0, dims); // padding row

        var ids = shape.IdType == "int32" ? TensorProto.Types.DataType.Int32 : TensorProto.Types.DataType.Int64;
        object batch = shape.FixedBatchOfOne ? 1L : "batch";
        var graph = new GraphProto { Name = "mean_embedding" };
        graph.Initializer.Add(Floats("embeddings", table, rows, dims));
        graph.Initializer.Add(Floats("padding_bias", PaddingBias(rows), rows));
        graph.Initializer.Add(Longs("axis_1", [1], 1));
        graph.Initializer.Add(Longs("axis_2", [2], 1));
        graph.Initializer.Add(Floats("one", [1f]));
        graph.Initializer.Add(Longs("zero", [0]));
        graph.Input.Add(Value("input_ids", ids, batch, "seq_len"));
        graph.Node.Add(Node("Cast", ["input_ids"], ["ids64"], Int("to", (long)TensorProto.Types.DataType.Int64)));
        graph.Node.Add(Node("Gather", ["embeddings", "ids64"], ["embedded"], Int("axis", 0)));
        graph.Node.Add(Node("ReduceSum", ["embedded", "axis_1"], ["summed"], Int("keepdims", 0)));
        if (shape.WithLength)
        {
            graph.Input.Add(Value("lengths", ids, batch));
            graph.Node.Add(Node("Cast", ["lengths"], ["length_float"], Int("to", (long)TensorProto.Types.DataType.Float)));
            graph.Node.Add(Node("Unsqueeze", ["length_float", "axis_1"], ["count"]));
        }
        else
        {
            graph.Node.Add(Node("Greater", ["ids64", "zero"], ["mask_bool"]));
            graph.Node.Add(Node("Cast", ["mask_bool"], ["mask"], Int("to", (long)TensorProto.Types.DataType.Float)));
            graph.Node.Add(Node("ReduceSum", ["mask", "axis_1"], ["count"], Int("keepdims", 1)));
        }

        graph.Node.Add(Node("Max", ["count", "one"], ["safe_count"]));
        graph.Node.Add(Node("Div", ["summed", "safe_count"], ["user"]));
        graph.Node.Add(Node("Gemm", ["user", "embeddings"], ["raw_scores"], Int("transB", 1)));
        AddOutputs(graph, "raw_scores", rows, batch, shape.Output);
        return Model(graph);
    }

    /// <summary>
    /// A GRU4Rec-style model: embedding → GRU (one layer, hidden size <paramref name="hidden"/>) over a history of
    /// fixed length <paramref name="length"/> → the last hidden state projected to a score per item.
    /// </summary>
    public static byte[] Gru(int items, int length, int dims = 8, int hidden = 12, int seed = 7)
    {
        var random = new Random(seed);
        var rows = items + 1;
        var table = Gaussian(random, rows * dims);
        Array.Clear(table, 0, dims);

        var graph = new GraphProto { Name = "gru4rec" };
        graph.Initializer.Add(Floats("item_embedding.weight", table, rows, dims));
        graph.Initializer.Add(Floats("gru.W", Gaussian(random, 3 * hidden * dims, 0.5f), 1, 3 * hidden, dims));
        graph.Initializer.Add(Floats("gru.R", Gaussian(random, 3 * hidden * hidden, 0.5f), 1, 3 * hidden, hidden));
        graph.Initializer.Add(Floats("gru.B", Gaussian(random, 6 * hidden, 0.1f), 1, 6 * hidden));
        graph.Initializer.Add(Floats("out.weight", Gaussian(random, hidden * rows), hidden, rows));
        graph.Initializer.Add(Floats("out.bias", PaddingBias(rows), rows));
        graph.Initializer.Add(Longs("axis_0", [0], 1));
        graph.Input.Add(Value("item_seq", TensorProto.Types.DataType.Int64, "batch", (long)length));
        graph.Node.Add(Node("Gather", ["item_embedding.weight", "item_seq"], ["embedded"], Int("axis", 0)));
        graph.Node.Add(Node("Transpose", ["embedded"], ["time_major"], Ints("perm", 1, 0, 2)));
        graph.Node.Add(Node("GRU", ["time_major", "gru.W", "gru.R", "gru.B"], ["", "last_hidden"], Int("hidden_size", hidden)));
        graph.Node.Add(Node("Squeeze", ["last_hidden", "axis_0"], ["user"]));
        graph.Node.Add(Node("MatMul", ["user", "out.weight"], ["projected"]));
        graph.Node.Add(Node("Add", ["projected", "out.bias"], ["logits"]));
        graph.Output.Add(Value("logits", TensorProto.Types.DataType.Float, "batch", (long)rows));
        return Model(graph);
    }

    private static void AddOutputs(GraphProto graph, string rawScores, int rows, object batch, ExportOutput output)
    {
        var scores = output == ExportOutput.ScoresOnly ? "scores" : "all_scores";
        graph.Node.Add(Node("Add", [rawScores, "padding_bias"], [scores]));
        switch (output)
        {
            case ExportOutput.ScoresOnly:
                graph.Output.Add(Value("scores", TensorProto.Types.DataType.Float, batch, (long)rows));
                break;
            case ExportOutput.TopKWithInput:
                graph.Initializer.Add(Longs("max_k", [rows - 1L], 1));
                graph.Input.Add(Value("k", TensorProto.Types.DataType.Int64, 1L));
                graph.Node.Add(Node("Min", ["k", "max_k"], ["safe_k"]));
                graph.Node.Add(Node("TopK", [scores, "safe_k"], ["top_scores", "top_items"], Int("axis", 1), Int("largest", 1), Int("sorted", 1)));
                graph.Output.Add(Value("top_scores", TensorProto.Types.DataType.Float, batch, "k"));
                graph.Output.Add(Value("top_items", TensorProto.Types.DataType.Int64, batch, "k"));
                break;
            case ExportOutput.TopKFixed:
                graph.Initializer.Add(Longs("fixed_k", [FixedK], 1));
                graph.Node.Add(Node("TopK", [scores, "fixed_k"], ["top_scores", "top_items"], Int("axis", 1), Int("largest", 1), Int("sorted", 1)));
                graph.Output.Add(Value("top_scores", TensorProto.Types.DataType.Float, batch, (long)FixedK));
                graph.Output.Add(Value("top_items", TensorProto.Types.DataType.Int64, batch, (long)FixedK));
                break;
        }
    }

    private static float[] PaddingBias(int rows)
    {
        var bias = new float[rows];
        bias[0] = float.NegativeInfinity;
        return bias;
    }

    private static float[] Gaussian(Random random, int count, float scale = 1f)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            // Box-Muller: distinct scores, so top-k has no ties to break.
            var u = 1 - random.NextDouble();
            var v = random.NextDouble();
            values[i] = scale * (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }

        return values;
    }

    private static byte[] Model(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "pytorch", ProducerVersion = "2.5.0", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 17 });
        return model.ToByteArray();
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

    /// <summary>A tensor value; each dimension a size (long) or a symbolic name (string).</summary>
    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = (long)dim });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    private static NodeProto Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{outputs[^1]}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
