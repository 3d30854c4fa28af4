namespace Orleans.Rec;

/// <summary>Where the Cluster profile keeps membership, grain state and reminders (<c>Rec:Cluster:Storage</c>).</summary>
public enum ClusterStorage
{
    /// <summary>Azure Table membership and reminders, Azure Blob grain state (<c>Rec:Azure</c>).</summary>
    AzureStorage,

    /// <summary>Redis for membership, grain state and reminders (<c>Rec:Redis</c>).</summary>
    Redis,
}
