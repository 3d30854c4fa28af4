namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>The model lifecycle tests share one three-silo cluster; each uses its own model names and users.</summary>
[CollectionDefinition(Name)]
public sealed class LifecycleCollection : ICollectionFixture<LifecycleFixture>
{
    public const string Name = "lifecycle";
}
