namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>Tests that share one cluster; each uses its own user ids and model names.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
