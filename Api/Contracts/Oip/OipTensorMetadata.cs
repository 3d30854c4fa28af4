namespace Orleans.Rec.Api.Contracts.Oip;

/// <summary>A model input or output: name, datatype (<c>INT64</c>, <c>INT32</c>, <c>FP32</c>) and shape (-1: any).</summary>
public sealed record OipTensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape);
