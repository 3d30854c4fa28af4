using Microsoft.Extensions.Options;

namespace Orleans.Rec.Artifacts;

/// <summary>Checks <see cref="ArtifactOptions"/> and reports every problem at once, naming each key (never a key's value).</summary>
public sealed class ArtifactOptionsValidator : IValidateOptions<ArtifactOptions>
{
    public ValidateOptionsResult Validate(string? name, ArtifactOptions options)
    {
        var problems = Check(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static List<string> Check(ArtifactOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = ArtifactOptions.SectionName;
        var problems = new List<string>();
        if (!Enum.IsDefined(options.Store))
        {
            problems.Add($"{section}:Store must be Local or AzureBlob.");
        }

        if (options.MinimumAgreement is < 0 or > 1 || double.IsNaN(options.MinimumAgreement))
        {
            problems.Add($"{section}:MinimumAgreement must be between 0 and 1.");
        }

        if (options.ProbeHistories < 1)
        {
            problems.Add($"{section}:ProbeHistories must be positive.");
        }

        if (options.SegmentBytes is < SegmentedAesGcm.MinSegmentBytes or > SegmentedAesGcm.MaxSegmentBytes)
        {
            problems.Add($"{section}:SegmentBytes must be between {SegmentedAesGcm.MinSegmentBytes} and {SegmentedAesGcm.MaxSegmentBytes}.");
        }

        if (options.Store == ArtifactStoreKind.AzureBlob)
        {
            var blob = options.AzureBlob;
            if (string.IsNullOrWhiteSpace(blob.ConnectionString) && blob.ServiceUri is null)
            {
                problems.Add($"{section}:AzureBlob:ConnectionString or {section}:AzureBlob:ServiceUri is required when {section}:Store is AzureBlob.");
            }

            if (string.IsNullOrWhiteSpace(blob.Container) || !System.Text.RegularExpressions.Regex.IsMatch(blob.Container, "^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$"))
            {
                problems.Add($"{section}:AzureBlob:Container must be 3-63 characters of a-z, 0-9 and single '-', starting and ending with a letter or digit.");
            }

            if (blob.ServiceVersion is not null && !Enum.TryParse<Azure.Storage.Blobs.BlobClientOptions.ServiceVersion>(blob.ServiceVersion, out _))
            {
                problems.Add($"{section}:AzureBlob:ServiceVersion '{blob.ServiceVersion}' is not a BlobClientOptions.ServiceVersion name (e.g. V2026_06_06).");
            }
        }

        foreach (var (id, value) in options.Keys.Kek)
        {
            if (!KeyRing.IsValidKeyId(id))
            {
                problems.Add($"{section}:Keys:Kek:{id}: key ids are 1-64 characters of letters, digits, '.', '_' and '-'.");
            }

            if (!KeyRing.TryDecodeKey(value, out _))
            {
                problems.Add($"{section}:Keys:Kek:{id} must be 32 bytes in base64.");
            }
        }

        if (!options.Keys.LocalKeyFile && options.Keys.Kek.Count == 0)
        {
            problems.Add($"{section}:Keys:Kek needs at least one key when {section}:Keys:LocalKeyFile is false.");
        }

        if (!string.IsNullOrEmpty(options.Keys.Active) && !options.Keys.LocalKeyFile && !options.Keys.Kek.ContainsKey(options.Keys.Active))
        {
            problems.Add($"{section}:Keys:Active names '{options.Keys.Active}', which is not among {section}:Keys:Kek.");
        }

        if (string.IsNullOrEmpty(options.Keys.Active) && !options.Keys.LocalKeyFile && options.Keys.Kek.Count > 1)
        {
            problems.Add($"{section}:Keys:Active is required when several keys are configured.");
        }

        return problems;
    }
}
