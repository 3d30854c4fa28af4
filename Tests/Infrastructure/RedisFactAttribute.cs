namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>A test that needs redis-server and Azurite (the Cluster profile keeps artifacts in Azure Blob even on Redis).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if ((RedisServer.MissingReason ?? Azurite.MissingReason) is { } reason)
        {
            Skip = reason;
        }
    }
}
