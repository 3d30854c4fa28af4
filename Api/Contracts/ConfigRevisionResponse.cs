using Orleans.Rec.Models;

namespace Orleans.Rec.Api.Contracts;

/// <summary>One revision of a version's serving config.</summary>
public sealed record ConfigRevisionResponse(string Model, int Version, int Revision, DateTimeOffset UpdatedAt, string UpdatedBy, ServingConfig Config)
{
    public static ConfigRevisionResponse From(string model, int version, ConfigRevision revision) =>
        new(model, version, revision.Revision, revision.At, revision.By, revision.Serving);
}
