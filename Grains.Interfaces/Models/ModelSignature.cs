namespace Orleans.Rec.Models;

/// <summary>The inputs and outputs a model version must expose, with the role of each.</summary>
[GenerateSerializer, Immutable, Alias("rec.ModelSignature")]
public sealed record ModelSignature
{
    /// <summary>Model inputs.</summary>
    [Id(0)] public required TensorSpec[] Inputs { get; init; }

    /// <summary>Model outputs.</summary>
    [Id(1)] public required TensorSpec[] Outputs { get; init; }
}
