using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Rec.Artifacts;

namespace Orleans.Rec.Hosting;

/// <summary>
/// Checks a silo's Cluster profile settings at start-up and reports every problem at once, naming each key (never a
/// value that could be a secret): the storage (Azure Storage account, or Redis when <c>Rec:Cluster:Storage</c> is
/// <c>Redis</c>), the silo's endpoints, and the shared artifact store.
/// </summary>
public sealed class ClusterProfileValidator(IConfiguration configuration) : IValidateOptions<AzureStorageSettings>, IValidateOptions<RedisSettings>
{
    public ValidateOptionsResult Validate(string? name, AzureStorageSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Result([.. options.Problems(needsBlob: true), .. CommonProblems()]);
    }

    public ValidateOptionsResult Validate(string? name, RedisSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>(options.Problems());
        if (problems.Count == 0 && RecClusterProfileExtensions.RedisConfiguration(options) is null)
        {
            problems.Add($"{RedisSettings.SectionName}:ConnectionString is not a Redis configuration string (host:port,option=value,...).");
        }

        return Result([.. problems, .. CommonProblems()]);
    }

    private static ValidateOptionsResult Result(List<string> problems) =>
        problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);

    private List<string> CommonProblems()
    {
        var cluster = configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        var problems = new List<string>(cluster.Problems());
        var artifacts = configuration.GetSection(ArtifactOptions.SectionName).Get<ArtifactOptions>() ?? new ArtifactOptions();
        if (artifacts.Store != ArtifactStoreKind.AzureBlob)
        {
            // Every silo must read the artifacts any other silo wrote.
            problems.Add($"{ArtifactOptions.SectionName}:Store must be AzureBlob when {RecProfiles.Key} is Cluster.");
        }

        return problems;
    }
}
