using System.CommandLine;
using Orleans.Rec.Tools.Data;

namespace Orleans.Rec.Tools.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public static Option<FileInfo> Events(string description) => new Option<FileInfo>("--events")
    {
        Description = description,
        Required = true,
        HelpName = "PATH",
    }.AcceptExistingOnly();

    public static Option<EventFormat> Format() => new("--format")
    {
        Description = "Log format: auto (from the file name and first line), diginetica, taobao, otto or jsonl.",
        DefaultValueFactory = _ => EventFormat.Auto,
        HelpName = "auto|diginetica|taobao|otto|jsonl",
    };

    public static Option<Uri> Api() => new("--api")
    {
        Description = "Base URL of the REST gateway, e.g. http://localhost:5000.",
        Required = true,
        HelpName = "URL",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }

            result.AddError($"--api must be an absolute http(s) URL, not '{text}'.");
            return null;
        },
    };

    public static Option<string?> ApiKey() => new("--api-key")
    {
        Description = "API key, sent as the X-Api-Key header.",
        HelpName = "KEY",
    };

    public static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "N" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{name} must be at least 1.");
            }
        });
        return option;
    }
}
