using System.CommandLine;
using Orleans.Rec.Tools.Cli;
using Orleans.Rec.Tools.Compression;
using Orleans.Rec.Tools.Training;
using Spectre.Console;

namespace Orleans.Rec.Tools.Api;

/// <summary>
/// <c>rec deploy</c>: upload a model directory as a new version, then activate it; <c>rec upload</c>: the same upload
/// without the activation (as <c>rec deploy --no-activate</c>).
/// </summary>
internal static class DeployCommand
{
    /// <summary><c>rec upload</c>: the upload alone; the version stays validated until activated.</summary>
    public static Command CreateUpload() => Create(
        "upload",
        "Upload DIR/model.onnx and DIR/config.json (and DIR/compression-report.json when present) as a new model version, without activating it.",
        activate: false);

    public static Command Create() => Create(
        "deploy",
        "Upload DIR/model.onnx and DIR/config.json (and DIR/compression-report.json when present) as a new model version and activate it.",
        activate: true);

    private static Command Create(string commandName, string description, bool activate)
    {
        var api = CommonOptions.Api();
        var apiKey = CommonOptions.ApiKey();
        var model = new Option<string>("--model")
        {
            Description = "Model name in the registry.",
            DefaultValueFactory = _ => "recommender",
            HelpName = "NAME",
        };
        var quantize = new Option<string>("--quantize")
        {
            Description = "Store the model quantized: none, fp16 (half the size) or int8 (about a quarter; refused when top-k agreement falls below the silo's minimum).",
            DefaultValueFactory = _ => "none",
            HelpName = "none|fp16|int8",
        };
        quantize.AcceptOnlyFromAmong("none", "fp16", "int8");
        var compression = new Option<string>("--compression")
        {
            Description = "Compression before encryption at rest.",
            DefaultValueFactory = _ => "gzip",
            HelpName = "gzip|zstd",
        };
        compression.AcceptOnlyFromAmong("gzip", "zstd");
        var parent = new Option<int?>("--parent")
        {
            Description = "Lineage: the version of this model it was made from (with --relation). A compressed model's teacher is found by itself.",
            HelpName = "VERSION",
        };
        var relation = new Option<string?>("--relation")
        {
            Description = "Lineage: how it was made from --parent.",
            HelpName = string.Join('|', Orleans.Rec.Models.LineageRelations.All),
        };
        relation.AcceptOnlyFromAmong(Orleans.Rec.Models.LineageRelations.All);
        var noActivate = new Option<bool>("--no-activate") { Description = "Upload only: leave the new version validated, not serving." };
        var directory = new Argument<DirectoryInfo>("DIR")
        {
            Description = "Model directory holding model.onnx and config.json (as written by rec train).",
        }.AcceptExistingOnly();
        var command = new Command(commandName, description)
        {
            api,
            apiKey,
            model,
            quantize,
            compression,
            parent,
            relation,
            directory,
        };
        if (activate)
        {
            command.Options.Add(noActivate);
        }

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

            // A compressed model carries what rec compress measured; the registry keeps it with the version.
            var reportPath = Path.Combine(dir.FullName, CompressionReportFile.FileName);
            var report = CompressionReportFile.Read(dir.FullName);
            if (report is not null && !string.Equals(report.Quantization.ToString(), result.GetValue(quantize), StringComparison.OrdinalIgnoreCase))
            {
                ConsoleOutput.Error.MarkupLineInterpolated(
                    $"[yellow]warning:[/] {CompressionReportFile.FileName} measured the model with quantization {report.Quantization.ToString().ToLowerInvariant()}, but it is uploaded with {result.GetValue(quantize)}.");
            }

            if (result.GetValue(parent) is null != result.GetValue(relation) is null)
            {
                ConsoleOutput.Fail("--parent and --relation go together: the version it was made from, and how.");
                return ExitCodes.Usage;
            }

            var name = result.GetRequiredValue(model);
            // Large models (and int8 quantization with its agreement probe) take a while: no overall timeout.
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var client = new RecApiClient(http, result.GetRequiredValue(api), result.GetValue(apiKey));
            var upload = await UploadProgress.RunAsync(
                $"Uploading {Path.GetFileName(artifact)}",
                new FileInfo(artifact).Length,
                progress => client.UploadVersionAsync(
                    name,
                    artifact,
                    config,
                    new UploadSettings
                    {
                        Quantization = result.GetValue(quantize),
                        Compression = result.GetValue(compression),
                        ReportPath = report is null ? null : reportPath,
                        Parent = result.GetValue(parent),
                        Relation = result.GetValue(relation),
                        Progress = progress,
                    },
                    cancellationToken));
            if (!upload.Succeeded)
            {
                ConsoleOutput.Fail($"upload failed: {upload.Problem}");
                return ExitCodes.Failure;
            }

            ConsoleOutput.Out.MarkupLineInterpolated($"Uploaded {upload.Value.Model} version [bold]{upload.Value.Version}[/] (state {upload.Value.State ?? "unknown"}).");
            if (upload.Value.Manifest is { } stored)
            {
                var agreement = stored.Agreement is double a ? $", top-{stored.AgreementK} agreement {a:0.0000}" : "";
                ConsoleOutput.Out.MarkupLineInterpolated($"Stored {stored.CiphertextBytes:N0} bytes at rest ({stored.Compression}, quantization {stored.Quantization}{agreement}, key {stored.KeyId}).");
            }

            if (report is not null)
            {
                ConsoleOutput.Out.MarkupLineInterpolated(
                    $"Sent {CompressionReportFile.FileName}: top-{report.AgreementK} agreement {report.Agreement:0.0000} with its teacher, HR@10 {report.Student.HitRate10:0.0000} vs {report.Teacher.HitRate10:0.0000}.");
            }

            if (!activate || result.GetValue(noActivate))
            {
                return ExitCodes.Success;
            }

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
