using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// The gateway's Cluster profile settings: it reads only the membership, so it needs the table endpoint (or a
/// connection string) but no blob endpoint, or the Redis connection string when <c>Rec:Cluster:Storage</c> is Redis.
/// Reports every problem at once, naming each key.
/// </summary>
internal sealed class GatewayClusterSettingsValidator : IValidateOptions<AzureStorageSettings>, IValidateOptions<RedisSettings>
{
    public ValidateOptionsResult Validate(string? name, AzureStorageSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems(needsBlob: false);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public ValidateOptionsResult Validate(string? name, RedisSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>(options.Problems());
        if (problems.Count == 0 && RedisConfiguration(options) is null)
        {
            problems.Add($"{RedisSettings.SectionName}:ConnectionString is not a Redis configuration string (host:port,option=value,...).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The parsed configuration string, or null when missing or malformed (validation names the key).</summary>
    public static ConfigurationOptions? RedisConfiguration(RedisSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            return null;
        }

        try
        {
            return ConfigurationOptions.Parse(settings.ConnectionString);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
