namespace Orleans.Rec.Models;

/// <summary>One named input or output of a model, as declared in its config.</summary>
[GenerateSerializer, Immutable, Alias("rec.TensorSpec")]
public sealed record TensorSpec
{
    /// <summary>The tensor's name in the ONNX graph.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>Element type: <c>int64</c>, <c>int32</c> or <c>float32</c>.</summary>
    [Id(1)] public required string DataType { get; init; }

    /// <summary>Dimensions; -1 marks a dynamic dimension.</summary>
    [Id(2)] public required long[] Dims { get; init; }

    /// <summary>What the tensor means to the platform.</summary>
    [Id(3)] public required TensorRole Role { get; init; }
}
