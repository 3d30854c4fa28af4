namespace Orleans.Rec.Tests.Cluster;

/// <summary>The fault scenarios share one <see cref="FaultClusterFixture"/>; each leaves three live silos behind.</summary>
[CollectionDefinition(Name)]
public sealed class FaultClusterCollection : ICollectionFixture<FaultClusterFixture>
{
    public const string Name = "fault-cluster";
}
