namespace Orleans.Rec;

/// <summary>
/// The Redis server of the Cluster profile when <c>Rec:Cluster:Storage</c> is <c>Redis</c> (<c>Rec:Redis</c>):
/// membership, grain state and reminders. Artifacts stay in Azure Blob (<c>Rec:Artifacts:AzureBlob</c>).
/// </summary>
public sealed class RedisSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Rec:Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>host:6379,password=...,ssl=true</c> (a secret).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Every problem with these settings, naming each key at fault (never the value).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{SectionName}:ConnectionString is required when {ClusterSettings.SectionName}:Storage is Redis.");
        }

        return problems;
    }
}
