namespace Orleans.Rec;

/// <summary>
/// The storage account of the Cluster profile (<c>Rec:Azure</c>): membership and reminder tables, grain state. Either a connection
/// string (Azurite, key-based accounts) or service endpoints authenticated with DefaultAzureCredential (managed identity).
/// </summary>
public sealed class AzureStorageSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Rec:Azure";

    /// <summary>A storage connection string; wins over <see cref="TableServiceUri"/> and <see cref="BlobServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table endpoint, e.g. <c>https://account.table.core.windows.net</c> (membership).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The blob endpoint, e.g. <c>https://account.blob.core.windows.net</c> (grain state; silos only).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The membership table.</summary>
    public string ClusteringTable { get; set; } = "OrleansSiloInstances";

    /// <summary>The table holding reminders (silos only).</summary>
    public string RemindersTable { get; set; } = "OrleansReminders";

    /// <summary>The blob container holding grain state.</summary>
    public string StateContainer { get; set; } = "grainstate";

    /// <summary>Whether a connection string is configured (otherwise the endpoints are used with a token credential).</summary>
    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>Every problem with these settings, naming each key at fault; <paramref name="needsBlob"/> for silos.</summary>
    public IReadOnlyList<string> Problems(bool needsBlob)
    {
        var problems = new List<string>();
        var profile = $"{RecProfiles.Key} is Cluster";
        if (!UsesConnectionString)
        {
            if (TableServiceUri is null)
            {
                problems.Add($"{SectionName}:ConnectionString or {SectionName}:TableServiceUri is required when {profile}.");
            }

            if (needsBlob && BlobServiceUri is null)
            {
                problems.Add($"{SectionName}:ConnectionString or {SectionName}:BlobServiceUri is required when {profile}.");
            }
        }

        if (string.IsNullOrWhiteSpace(ClusteringTable) || !System.Text.RegularExpressions.Regex.IsMatch(ClusteringTable, "^[A-Za-z][A-Za-z0-9]{2,62}$"))
        {
            problems.Add($"{SectionName}:ClusteringTable must be 3-63 letters and digits, starting with a letter.");
        }

        if (needsBlob && (string.IsNullOrWhiteSpace(RemindersTable) || !System.Text.RegularExpressions.Regex.IsMatch(RemindersTable, "^[A-Za-z][A-Za-z0-9]{2,62}$")))
        {
            problems.Add($"{SectionName}:RemindersTable must be 3-63 letters and digits, starting with a letter.");
        }

        if (needsBlob && (string.IsNullOrWhiteSpace(StateContainer) || !System.Text.RegularExpressions.Regex.IsMatch(StateContainer, "^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")))
        {
            problems.Add($"{SectionName}:StateContainer must be 3-63 characters of a-z, 0-9 and single '-', starting and ending with a letter or digit.");
        }

        return problems;
    }
}
