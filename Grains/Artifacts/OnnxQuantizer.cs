using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using Orleans.Rec.Models;

namespace Orleans.Rec.Artifacts;

/// <summary>
/// Rewrites the large float initializers of an ONNX model (rank 2, at least <see cref="MinElements"/> values, such as
/// the item embedding table) to fp16 + <c>Cast</c>, or to uint8 per row (zero point 128, scale max|row|/127) +
/// <c>DequantizeLinear(axis=0)</c>. The rest of the graph is untouched, so inputs, outputs and the signature stay the same.
/// An int8 model must be loaded with <c>session.disable_quant_qdq = 1</c>, so ONNX Runtime folds the dequantization
/// once at load instead of running it on every call.
/// </summary>
public static class OnnxQuantizer
{
    public const int MinElements = 1024;

    // DequantizeLinear takes per-axis scales from opset 13.
    private const long MinInt8Opset = 13;

    /// <summary>The quantized model's bytes; throws <see cref="ModelValidationException"/> when nothing can be quantized.</summary>
    public static byte[] Quantize(byte[] onnx, ArtifactQuantization quantization)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        if (quantization == ArtifactQuantization.None)
        {
            return onnx;
        }

        var model = ModelProto.Parser.ParseFrom(onnx);
        var name = quantization.ToString().ToLowerInvariant();
        if (quantization == ArtifactQuantization.Int8)
        {
            var opset = model.OpsetImport.Where(o => string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
            if (opset < MinInt8Opset)
            {
                throw new ModelValidationException($"int8 quantization needs opset {MinInt8Opset} or later; the model imports opset {opset}");
            }
        }

        var graph = model.Graph;
        var targets = graph.Initializer
            .Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count == 2 && t.Dims[0] * t.Dims[1] >= MinElements)
            .ToList();
        if (targets.Count == 0)
        {
            throw new ModelValidationException($"{name} quantization found no float initializer of rank 2 with at least {MinElements} values; upload with quantization none");
        }

        var nodes = new List<NodeProto>();
        foreach (var tensor in targets)
        {
            var values = FloatValues(tensor);
            var rows = checked((int)tensor.Dims[0]);
            var cols = checked((int)tensor.Dims[1]);
            graph.Initializer.Remove(tensor);
            var graphInput = graph.Input.FirstOrDefault(i => i.Name == tensor.Name);
            if (graphInput is not null)
            {
                graph.Input.Remove(graphInput);
            }

            if (quantization == ArtifactQuantization.Fp16)
            {
                var halfName = tensor.Name + "_fp16";
                graph.Initializer.Add(Fp16(halfName, values, rows, cols));
                var cast = new NodeProto { OpType = "Cast", Name = "Cast_" + tensor.Name };
                cast.Input.Add(halfName);
                cast.Output.Add(tensor.Name);
                cast.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
                nodes.Add(cast);
            }
            else
            {
                var (quantized, scales) = Int8(values, rows, cols);
                var qName = tensor.Name + "_quantized";
                var scaleName = tensor.Name + "_scale";
                var zeroName = tensor.Name + "_zero_point";
                graph.Initializer.Add(Raw(qName, TensorProto.Types.DataType.Uint8, quantized, rows, cols));
                graph.Initializer.Add(Raw(scaleName, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(scales.AsSpan()).ToArray(), rows));
                graph.Initializer.Add(Raw(zeroName, TensorProto.Types.DataType.Uint8, Enumerable.Repeat((byte)128, rows).ToArray(), rows));
                var dequantize = new NodeProto { OpType = "DequantizeLinear", Name = "DequantizeLinear_" + tensor.Name };
                dequantize.Input.Add(qName);
                dequantize.Input.Add(scaleName);
                dequantize.Input.Add(zeroName);
                dequantize.Output.Add(tensor.Name);
                dequantize.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
                nodes.Add(dequantize);
            }
        }

        // Nodes must stay topologically sorted: the new producers go first.
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            graph.Node.Insert(0, nodes[i]);
        }

        return model.ToByteArray();
    }

    private static float[] FloatValues(TensorProto tensor)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian.");
        }

        if (!tensor.RawData.IsEmpty)
        {
            return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        }

        return [.. tensor.FloatData];
    }

    private static TensorProto Fp16(string name, float[] values, int rows, int cols)
    {
        var halves = new Half[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            halves[i] = (Half)values[i];
        }

        return Raw(name, TensorProto.Types.DataType.Float16, MemoryMarshal.AsBytes(halves.AsSpan()).ToArray(), rows, cols);
    }

    private static (byte[] Quantized, float[] Scales) Int8(float[] values, int rows, int cols)
    {
        var quantized = new byte[values.Length];
        var scales = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = values.AsSpan(r * cols, cols);
            var max = 0f;
            foreach (var v in row)
            {
                max = Math.Max(max, float.IsFinite(v) ? Math.Abs(v) : 0f);
            }

            var scale = max > 0 ? max / 127f : 1f;
            scales[r] = scale;
            var target = quantized.AsSpan(r * cols, cols);
            for (var c = 0; c < cols; c++)
            {
                var q = MathF.Round(row[c] / scale) + 128f;
                target[c] = (byte)Math.Clamp(float.IsFinite(q) ? q : 128f, 1f, 255f);
            }
        }

        return (quantized, scales);
    }

    private static TensorProto Raw(string name, TensorProto.Types.DataType type, byte[] data, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(data) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
