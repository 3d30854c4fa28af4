using Google.Protobuf;
using Onnx;
using Orleans.Rec.Models;

namespace Orleans.Rec.Tools.Onnx;

/// <summary>
/// Builds the recommender graph around an item embedding table E (row 0 = padding):
/// <c>user = Σ mask·E[history] / max(Σ mask, 1)</c>, <c>scores = user · Eᵀ + bias</c> (bias −∞ at padding),
/// <c>(scores, items) = TopK(scores, min(k, rows − 1))</c>. An all-padding history gives a zero user vector (all item
/// scores 0), and padding is never returned.
/// </summary>
public static class RecommenderOnnxBuilder
{
    public const string HistoryInput = "history";
    public const string TopKInput = "k";
    public const string ScoresOutput = "scores";
    public const string ItemsOutput = "items";
    public const int Opset = 17;

    // IR version 8 is what opset 17 shipped with (ONNX 1.12); ONNX Runtime 1.31 reads it.
    private const long IrVersion = 8;

    /// <summary>
    /// Builds the model for a row-major <paramref name="rows"/> × <paramref name="dims"/> <paramref name="table"/>,
    /// row 0 being the padding item.
    /// </summary>
    public static ModelProto Build(float[] table, int rows, int dims, string producerVersion = "1.0")
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(dims, 1);
        if (table.LongLength != (long)rows * dims)
        {
            throw new ArgumentException($"The table has {table.LongLength} values, not rows × dims = {(long)rows * dims}.", nameof(table));
        }

        var bias = new float[rows];
        bias[0] = float.NegativeInfinity;

        var graph = new GraphProto { Name = "recommender" };
        graph.Initializer.Add(FloatTensor("embeddings", table, rows, dims));
        graph.Initializer.Add(FloatTensor("padding_bias", bias, rows));
        graph.Initializer.Add(Int64Tensor("zero", [0]));
        graph.Initializer.Add(Int64Tensor("axis_1", [1], 1));
        graph.Initializer.Add(Int64Tensor("axis_2", [2], 1));
        graph.Initializer.Add(FloatTensor("one", [1f]));
        graph.Initializer.Add(Int64Tensor("max_k", [rows - 1L], 1));

        graph.Input.Add(Value(HistoryInput, TensorProto.Types.DataType.Int64, DimParamOrValue.New("batch"), DimParamOrValue.New("length")));
        graph.Input.Add(Value(TopKInput, TensorProto.Types.DataType.Int64, DimParamOrValue.New(1)));
        graph.Output.Add(Value(ScoresOutput, TensorProto.Types.DataType.Float, DimParamOrValue.New("batch"), DimParamOrValue.New("k")));
        graph.Output.Add(Value(ItemsOutput, TensorProto.Types.DataType.Int64, DimParamOrValue.New("batch"), DimParamOrValue.New("k")));

        graph.Node.Add(Node("Gather", ["embeddings", HistoryInput], ["history_embeddings"], Attribute("axis", 0)));
        graph.Node.Add(Node("Greater", [HistoryInput, "zero"], ["mask_bool"]));
        graph.Node.Add(Node("Cast", ["mask_bool"], ["mask"], Attribute("to", (long)TensorProto.Types.DataType.Float)));
        graph.Node.Add(Node("Unsqueeze", ["mask", "axis_2"], ["mask_3d"]));
        graph.Node.Add(Node("Mul", ["history_embeddings", "mask_3d"], ["masked_embeddings"]));
        graph.Node.Add(Node("ReduceSum", ["masked_embeddings", "axis_1"], ["embedding_sum"], Attribute("keepdims", 0)));
        graph.Node.Add(Node("ReduceSum", ["mask", "axis_1"], ["count"], Attribute("keepdims", 1)));
        graph.Node.Add(Node("Max", ["count", "one"], ["safe_count"]));
        graph.Node.Add(Node("Div", ["embedding_sum", "safe_count"], ["user"]));
        // The bias is Gemm's C input, added as the scores are written: a separate Add would read and write the whole
        // batch × items score matrix once more (12% of an unbatched run at 100k items, 2-7% of a batched row).
        graph.Node.Add(Node("Gemm", ["user", "embeddings", "padding_bias"], ["all_scores"], Attribute("transB", 1)));
        graph.Node.Add(Node("Min", [TopKInput, "max_k"], ["safe_k"]));
        graph.Node.Add(Node(
            "TopK",
            ["all_scores", "safe_k"],
            [ScoresOutput, ItemsOutput],
            Attribute("axis", 1),
            Attribute("largest", 1),
            Attribute("sorted", 1)));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Orleans.Rec rec",
            ProducerVersion = producerVersion,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        return model;
    }

    /// <summary>The signature of every model <see cref="Build"/> makes.</summary>
    public static ModelSignature Signature() => new()
    {
        Inputs =
        [
            new TensorSpec { Name = HistoryInput, DataType = "int64", Dims = [-1, -1], Role = TensorRole.HistoryItemIds },
            new TensorSpec { Name = TopKInput, DataType = "int64", Dims = [1], Role = TensorRole.TopK },
        ],
        Outputs =
        [
            new TensorSpec { Name = ScoresOutput, DataType = "float32", Dims = [-1, -1], Role = TensorRole.Scores },
            new TensorSpec { Name = ItemsOutput, DataType = "int64", Dims = [-1, -1], Role = TensorRole.ItemIds },
        ],
    };

    /// <summary>Writes <paramref name="model"/> as ONNX protobuf bytes.</summary>
    public static void Write(ModelProto model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.WriteTo(stream);
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/>.</summary>
    public static void Save(ModelProto model, string path)
    {
        using var stream = File.Create(path);
        Write(model, stream);
    }

    /// <summary>The ONNX protobuf bytes of <paramref name="model"/> (what an InferenceSession accepts).</summary>
    public static byte[] ToBytes(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.ToByteArray();
    }

    private static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        // Little-endian raw bytes: compact, and what ONNX expects for raw_data.
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian.");
        }

        tensor.RawData = ByteString.CopyFrom(bytes);
        return tensor;
    }

    private static TensorProto Int64Tensor(string name, long[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params DimParamOrValue[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim.IsParam
                ? new TensorShapeProto.Types.Dimension { DimParam = dim.Param }
                : new TensorShapeProto.Types.Dimension { DimValue = dim.Value });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private static NodeProto Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{outputs[0]}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
}
