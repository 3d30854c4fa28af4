using System.CommandLine;
using System.Text.Json;
using Orleans.Rec.Inference;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Cli;
using Orleans.Rec.Tools.Training;
using Orleans.Rec.Validation;
using Spectre.Console;

namespace Orleans.Rec.Tools.Models;

/// <summary>
/// <c>rec init-config MODEL --items items.csv</c>: writes the config.json an exported model needs, checked with the
/// same code the upload runs (the config rules, then the model against its config in ONNX Runtime).
/// </summary>
internal static class InitConfigCommand
{
    public static Command Create()
    {
        var model = new Argument<FileInfo>("MODEL") { Description = "An ONNX model file." }.AcceptExistingOnly();
        var items = new Option<FileInfo>("--items")
        {
            Description = "The catalog in model order: one item id per line, line 1 = model index 1 (index 0 is padding); first CSV column only; an 'itemId' header is skipped.",
            Required = true,
            HelpName = "FILE",
        }.AcceptExistingOnly();
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the config (default: config.json beside MODEL).", HelpName = "FILE" };
        var historyLength = new Option<int?>("--history-length")
        {
            Description = "How many recent items the model reads (default: the length the graph fixes, else 50).",
            HelpName = "N",
        };
        var roles = new RoleOptions();
        var command = new Command("init-config", "Write a config.json for an exported ONNX model (roles from its graph, item ids from --items) that rec upload, rec deploy and POST /v1/models/{model}/versions accept.")
        {
            model,
            items,
            output,
            historyLength,
        };
        roles.AddTo(command);
        command.SetAction(result =>
        {
            var file = result.GetRequiredValue(model);
            if (InspectCommand.Read(file) is not { } graph)
            {
                return ExitCodes.Failure;
            }

            var assignment = ModelRoleAssigner.Assign(graph.Inputs, graph.Outputs, roles.Read(result));
            if (!assignment.Complete)
            {
                InspectCommand.Print(file.Name, assignment);
                ConsoleOutput.Fail("no config written: answer the questions above with the flags they name.");
                return ExitCodes.Failure;
            }

            var catalog = ItemCatalogFile.Read(result.GetRequiredValue(items).FullName);
            var (config, problems) = ConfigDraft.Create(assignment, catalog, result.GetValue(historyLength));
            problems.AddRange(ModelConfigRules.Check(config).Select(p => p.Message));
            if (problems.Count == 0 && Validate(file, config) is { } refused)
            {
                problems.Add(refused);
            }

            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    ConsoleOutput.Fail(problem);
                }

                return ExitCodes.Failure;
            }

            var target = result.GetValue(output)?.FullName ?? Path.Combine(file.DirectoryName ?? ".", ModelArtifacts.ConfigFileName);
            File.WriteAllText(target, JsonSerializer.Serialize(config, ModelArtifacts.JsonOptions) + "\n");
            foreach (var note in assignment.Notes)
            {
                ConsoleOutput.Out.MarkupLineInterpolated($"note: {note}");
            }

            ConsoleOutput.Out.MarkupLineInterpolated($"Wrote {target}: {catalog.Length:N0} items, history length {config.HistoryLength}.");
            if (file.Name != ModelArtifacts.ModelFileName)
            {
                ConsoleOutput.Out.MarkupLineInterpolated($"rec upload and rec deploy read DIR/{ModelArtifacts.ModelFileName} and DIR/{ModelArtifacts.ConfigFileName}: copy {file.Name} to {ModelArtifacts.ModelFileName} beside it.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The upload's own check of the model against its config; the reason when it refuses.</summary>
    private static string? Validate(FileInfo file, ModelConfig config)
    {
        try
        {
            ModelInspector.Validate(File.ReadAllBytes(file.FullName), config);
            return null;
        }
        catch (ModelValidationException e)
        {
            return e.Message;
        }
    }
}
