using Microsoft.Extensions.Options;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>
/// The gateway's Cluster profile settings: it reads only the membership table, so it needs the table endpoint (or a
/// connection string) but no blob endpoint. Reports every problem at once, naming each key.
/// </summary>
internal sealed class GatewayClusterSettingsValidator : IValidateOptions<AzureStorageSettings>
{
    public ValidateOptionsResult Validate(string? name, AzureStorageSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems(needsBlob: false);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
