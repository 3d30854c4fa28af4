namespace Orleans.Rec.Tools.Api;

/// <summary>The part of a version's artifact manifest that <c>rec deploy</c> prints.</summary>
public sealed record StoredArtifact(long CiphertextBytes, string Compression, string Quantization, double? Agreement, int AgreementK, string KeyId);
