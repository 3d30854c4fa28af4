using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Rec.Artifacts;

namespace Orleans.Rec.Hosting;

/// <summary>
/// Checks a silo's Cluster profile settings at start-up and reports every problem at once, naming each key (never a
/// value that could be a secret): the storage account, the silo's endpoints, and the shared artifact store.
/// </summary>
public sealed class ClusterProfileValidator(IConfiguration configuration) : IValidateOptions<AzureStorageSettings>
{
    public ValidateOptionsResult Validate(string? name, AzureStorageSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>(options.Problems(needsBlob: true));
        var cluster = configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        problems.AddRange(cluster.Problems());
        var artifacts = configuration.GetSection(ArtifactOptions.SectionName).Get<ArtifactOptions>() ?? new ArtifactOptions();
        if (artifacts.Store != ArtifactStoreKind.AzureBlob)
        {
            // Every silo must read the artifacts any other silo wrote.
            problems.Add($"{ArtifactOptions.SectionName}:Store must be AzureBlob when {RecProfiles.Key} is Cluster.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
