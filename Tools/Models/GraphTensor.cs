using System.Globalization;

namespace Orleans.Rec.Tools.Models;

/// <summary>One input or output of an ONNX graph as the platform sees it.</summary>
/// <param name="Name">The tensor's name in the graph.</param>
/// <param name="ElementType">Element type: <c>int64</c>, <c>int32</c>, <c>float32</c>, or another name for types the platform cannot use.</param>
/// <param name="Dims">Sizes; -1 for a symbolic (dynamic) dimension.</param>
/// <param name="Symbols">The symbolic names of the dimensions (null or empty where the size is fixed or unnamed).</param>
public sealed record GraphTensor(string Name, string ElementType, long[] Dims, string?[] Symbols)
{
    /// <summary>True for an int64 or int32 tensor.</summary>
    public bool IsInteger => ElementType is "int64" or "int32";

    /// <summary>The shape as people write it: <c>[batch, seq_len]</c>, <c>[1, 50]</c>, <c>[?]</c> for an unnamed dynamic dimension.</summary>
    public string Shape => "[" + string.Join(", ", Dims.Select((d, i) => d >= 0
        ? d.ToString(CultureInfo.InvariantCulture)
        : i < Symbols.Length && !string.IsNullOrEmpty(Symbols[i]) ? Symbols[i] : "?")) + "]";

    /// <summary>Name, type and shape in one line.</summary>
    public string Describe() => $"'{Name}' ({ElementType} {Shape})";
}
