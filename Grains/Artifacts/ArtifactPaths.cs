using System.Globalization;

namespace Orleans.Rec.Artifacts;

/// <summary>The blobs of one stored artifact, all under its folder <c>{model}/{version}/</c>.</summary>
public static class ArtifactPaths
{
    public const string CiphertextName = "model.onnx.enc";
    public const string DataKeyName = "model.key";
    public const string ManifestName = "manifest.json";

    public static string Folder(string model, int version) => string.Create(CultureInfo.InvariantCulture, $"{model}/{version}");

    public static string Ciphertext(string folder) => $"{folder}/{CiphertextName}";

    public static string DataKey(string folder) => $"{folder}/{DataKeyName}";

    public static string Manifest(string folder) => $"{folder}/{ManifestName}";
}
