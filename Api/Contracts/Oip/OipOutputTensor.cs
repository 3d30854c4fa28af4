namespace Orleans.Rec.Api.Contracts.Oip;

/// <summary>One output tensor of an infer response, data row-major and flat.</summary>
public sealed record OipOutputTensor(string Name, IReadOnlyList<long> Shape, string Datatype, Array Data);
