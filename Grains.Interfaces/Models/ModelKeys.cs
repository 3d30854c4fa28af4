using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Rec.Models;

/// <summary>How model names, version grain keys and artifact keys are spelled.</summary>
public static partial class ModelKeys
{
    /// <summary>Model names: 1-64 of lower-case letters, digits, '-', '_' and '.', starting with a letter or digit.</summary>
    public static bool IsValidModelName(string? name) => name is not null && ModelName().IsMatch(name);

    /// <summary>The key of a version grain: <c>name/version</c>.</summary>
    public static string VersionKey(string model, int version) => string.Create(CultureInfo.InvariantCulture, $"{model}/{version}");

    /// <summary>The key of a version's accuracy monitor: <c>name/version</c>, or <c>name/fallback</c> for popularity fallback lists.</summary>
    public static string MonitorKey(string model, int? version) => version is int v ? VersionKey(model, v) : $"{model}/{FallbackMonitor}";

    /// <summary>The monitor key suffix that stands for a model's popularity fallback lists.</summary>
    public const string FallbackMonitor = "fallback";

    /// <summary>Splits a version grain key into model name and version.</summary>
    public static (string Model, int Version) ParseVersionKey(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new ArgumentException($"'{key}' is not a model version key (name/version).", nameof(key));
        }

        return (key[..slash], version);
    }

    /// <summary>Where a version's ONNX artifact lives in the artifact store.</summary>
    public static string ArtifactKey(string model, int version) => string.Create(CultureInfo.InvariantCulture, $"{model}/{version}/model.onnx");

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}\\z")]
    private static partial Regex ModelName();
}
