using System.Security.Cryptography;

namespace Orleans.Rec.Tools.Training;

/// <summary>The digest that names a training data file in a version's lineage.</summary>
internal static class DataDigest
{
    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
