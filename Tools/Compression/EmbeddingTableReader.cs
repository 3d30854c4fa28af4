using System.Runtime.InteropServices;
using Onnx;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Onnx;
using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tools.Compression;

/// <summary>Reads the item table back out of a model that <see cref="RecommenderOnnxBuilder"/> built (fp32, as <c>rec train</c> writes it).</summary>
public static class EmbeddingTableReader
{
    public const string TableName = "embeddings";

    /// <exception cref="InvalidDataException">The model has no fp32 rank-2 <c>embeddings</c> initializer matching the config.</exception>
    public static TrainedModel Read(byte[] onnx, ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(config);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(onnx);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"the model is not an ONNX file: {e.Message}", e);
        }

        var tensor = model.Graph?.Initializer.FirstOrDefault(t => t.Name == TableName)
            ?? throw new InvalidDataException($"the model has no '{TableName}' initializer: rec compress reads models written by rec train");
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float || tensor.Dims.Count != 2)
        {
            throw new InvalidDataException($"the '{TableName}' initializer is not an fp32 matrix (data type {tensor.DataType}, rank {tensor.Dims.Count}): compress the fp32 model and quantize at upload");
        }

        var rows = checked((int)tensor.Dims[0]);
        var dims = checked((int)tensor.Dims[1]);
        if (rows != config.ItemIds.Length + 1)
        {
            throw new InvalidDataException($"the table has {rows} rows but the config lists {config.ItemIds.Length} items (+1 padding row)");
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian.");
        }

        float[] table = tensor.RawData.IsEmpty ? [.. tensor.FloatData] : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        if (table.LongLength != (long)rows * dims)
        {
            throw new InvalidDataException($"the '{TableName}' initializer holds {table.LongLength} values, not {rows} × {dims}");
        }

        return new TrainedModel(config.ItemIds, table, dims, config.Training?.Algorithm ?? "unknown");
    }
}
