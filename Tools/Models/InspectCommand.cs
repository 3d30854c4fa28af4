using System.CommandLine;
using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Tools.Cli;
using Orleans.Rec.Validation;
using Spectre.Console;

namespace Orleans.Rec.Tools.Models;

/// <summary><c>rec inspect MODEL</c>: the graph's inputs and outputs and the role the platform would give each.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Argument<FileInfo>("MODEL") { Description = "An ONNX model file." }.AcceptExistingOnly();
        var roles = new RoleOptions();
        var command = new Command("inspect", "Print an ONNX model's inputs and outputs (name, element type, shape with symbolic dimensions) and the role the platform would give each; ambiguous graphs get a question naming the flag that settles it.")
        {
            model,
        };
        roles.AddTo(command);
        command.SetAction(result =>
        {
            var file = result.GetRequiredValue(model);
            if (Read(file) is not { } graph)
            {
                return ExitCodes.Failure;
            }

            var assignment = ModelRoleAssigner.Assign(graph.Inputs, graph.Outputs, roles.Read(result));
            Print(file.Name, assignment);
            return assignment.Complete ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    /// <summary>The graph's tensors, or null (reported) when ONNX Runtime cannot load the file.</summary>
    internal static (GraphTensor[] Inputs, GraphTensor[] Outputs)? Read(FileInfo file)
    {
        try
        {
            return OnnxGraphReader.Read(File.ReadAllBytes(file.FullName));
        }
        catch (OnnxRuntimeException e)
        {
            ConsoleOutput.Fail($"{file.Name} is not a model ONNX Runtime can load: {e.Message.Split('\n', 2)[0]}");
            return null;
        }
    }

    /// <summary>Tables of inputs and outputs with their roles, then notes, questions and problems.</summary>
    internal static void Print(string name, RoleAssignment assignment)
    {
        var output = ConsoleOutput.Out;
        output.MarkupLineInterpolated($"[bold]{name}[/]");
        foreach (var (title, tensors) in new[] { ("input", assignment.Inputs), ("output", assignment.Outputs) })
        {
            var table = new Table().AddColumns(title, "type", "shape", "role");
            foreach (var tensor in tensors)
            {
                var role = assignment.RoleOf(tensor.Name) is { } r ? ModelConfigRules.RoleName(r) : "-";
                table.AddRow(Markup.Escape(tensor.Name), tensor.ElementType, Markup.Escape(tensor.Shape), role);
            }

            output.Write(table);
        }

        foreach (var note in assignment.Notes)
        {
            output.MarkupLineInterpolated($"note: {note}");
        }

        foreach (var question in assignment.Questions)
        {
            output.MarkupLineInterpolated($"[yellow]question:[/] {question}");
        }

        foreach (var problem in assignment.Problems)
        {
            output.MarkupLineInterpolated($"[red]problem:[/] {problem}");
        }

        if (assignment.Complete)
        {
            output.MarkupLine(assignment.OneRequestPerRun
                ? "Servable: one request per run (batch dimension fixed to 1)."
                : "Servable: requests are batched.");
        }
    }
}
