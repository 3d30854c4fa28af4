using Microsoft.Extensions.Configuration;

namespace Orleans.Rec.Storage;

/// <summary>Which store keeps user profiles on the local profile: <c>Rec:Profiles:Store</c> = <c>Log</c> (default) or <c>Files</c>.</summary>
public static class ProfileStoreSettings
{
    public const string Key = "Rec:Profiles:Store";
    public const string Log = "Log";
    public const string Files = "Files";

    /// <summary>True for the log store; throws naming the key for a value that is neither.</summary>
    public static bool UsesLog(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value) || string.Equals(value, Log, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return string.Equals(value, Files, StringComparison.OrdinalIgnoreCase)
            ? false
            : throw new InvalidOperationException($"{Key} is '{value}'; expected {Log} or {Files}.");
    }
}
