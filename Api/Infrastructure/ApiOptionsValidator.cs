using Microsoft.Extensions.Options;

namespace Orleans.Rec.Api.Infrastructure;

/// <summary>Checks <c>Rec:Api</c> and names every problem at once.</summary>
public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    /// <summary>The largest body limit a route may have: what Kestrel and the artifact arrays can take.</summary>
    public const long MaxBodyLimit = 1L << 40;

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var problems = new List<string>();
        if (options.MaxEventsPerBatch <= 0)
        {
            problems.Add($"Rec:Api:MaxEventsPerBatch must be positive, not {options.MaxEventsPerBatch}.");
        }

        if (options.MaxArtifactBytes is <= 0 or > MaxBodyLimit)
        {
            problems.Add($"Rec:Api:MaxArtifactBytes must be 1..{MaxBodyLimit}, not {options.MaxArtifactBytes}.");
        }

        if (options.UploadChunkBytes is < 4096 or > 64 * 1024 * 1024)
        {
            problems.Add($"Rec:Api:UploadChunkBytes must be 4096..67108864 (4 KiB..64 MiB), not {options.UploadChunkBytes}.");
        }

        CheckBodyLimit(nameof(options.MaxBodyBytes), options.MaxBodyBytes, problems);
        CheckBodyLimit(nameof(options.MaxEventsBodyBytes), options.MaxEventsBodyBytes, problems);
        CheckBodyLimit(nameof(options.MaxInferBodyBytes), options.MaxInferBodyBytes, problems);
        if (options.MaxJsonDepth is < 4 or > 256)
        {
            problems.Add($"Rec:Api:MaxJsonDepth must be 4..256, not {options.MaxJsonDepth}.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"Rec:Api:RequestTimeout must be positive, not {options.RequestTimeout}.");
        }

        if (options.ReadinessTimeout <= TimeSpan.Zero)
        {
            problems.Add($"Rec:Api:ReadinessTimeout must be positive, not {options.ReadinessTimeout}.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckBodyLimit(string key, long value, List<string> problems)
    {
        if (value is < 1024 or > MaxBodyLimit)
        {
            problems.Add($"Rec:Api:{key} must be 1024..{MaxBodyLimit} bytes, not {value}.");
        }
    }
}
