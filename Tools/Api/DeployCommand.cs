using System.CommandLine;
using Orleans.Rec.Tools.Cli;
using Orleans.Rec.Tools.Training;
using Spectre.Console;

namespace Orleans.Rec.Tools.Api;

/// <summary><c>rec deploy</c>: upload a model directory as a new version, then activate it.</summary>
internal static class DeployCommand
{
    public static Command Create()
    {
        var api = CommonOptions.Api();
        var apiKey = CommonOptions.ApiKey();
        var model = new Option<string>("--model")
        {
            Description = "Model name in the registry.",
            DefaultValueFactory = _ => "recommender",
            HelpName = "NAME",
        };
        var directory = new Argument<DirectoryInfo>("DIR")
        {
            Description = "Model directory holding model.onnx and config.json (as written by rec train).",
        }.AcceptExistingOnly();
        var command = new Command("deploy", "Upload DIR/model.onnx and DIR/config.json as a new model version and activate it.")
        {
            api,
            apiKey,
            model,
            directory,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = result.GetRequiredValue(directory);
            var artifact = Path.Combine(dir.FullName, ModelArtifacts.ModelFileName);
            var config = Path.Combine(dir.FullName, ModelArtifacts.ConfigFileName);
            foreach (var file in new[] { artifact, config })
            {
                if (!File.Exists(file))
                {
                    ConsoleOutput.Fail($"{file} does not exist.");
                    return ExitCodes.Failure;
                }
            }

            var name = result.GetRequiredValue(model);
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            var client = new RecApiClient(http, result.GetRequiredValue(api), result.GetValue(apiKey));
            var upload = await client.UploadVersionAsync(name, artifact, config, cancellationToken);
            if (!upload.Succeeded)
            {
                ConsoleOutput.Fail($"upload failed: {upload.Problem}");
                return ExitCodes.Failure;
            }

            ConsoleOutput.Out.MarkupLineInterpolated($"Uploaded {upload.Value.Model} version [bold]{upload.Value.Version}[/] (state {upload.Value.State ?? "unknown"}).");
            var activation = await client.ActivateAsync(name, upload.Value.Version, cancellationToken);
            if (!activation.Succeeded)
            {
                ConsoleOutput.Fail($"activation of version {upload.Value.Version} failed: {activation.Problem}");
                return ExitCodes.Failure;
            }

            ConsoleOutput.Out.MarkupLineInterpolated($"Activated {name} version [bold]{upload.Value.Version}[/]: {activation.Value.GetRawText()}");
            return ExitCodes.Success;
        });
        return command;
    }
}
