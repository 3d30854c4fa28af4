using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Contracts;

/// <summary>Answer of <c>GET /v1/models/{model}/versions/{version}/status</c>: the version and how it runs on each silo.</summary>
public sealed record VersionStatusResponse(string Model, int Version, ModelVersionState State, bool Active, IReadOnlyList<SiloVersionStatus> Silos);
