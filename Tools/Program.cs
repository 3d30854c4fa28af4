using System.CommandLine;
using Orleans.Rec.Tools.Api;
using Orleans.Rec.Tools.Cli;
using Orleans.Rec.Tools.Compression;
using Orleans.Rec.Tools.Evaluation;
using Orleans.Rec.Tools.Keys;
using Orleans.Rec.Tools.Models;
using Orleans.Rec.Tools.Training;

var root = new RootCommand("rec: train, evaluate, deploy and replay recommendation models for Orleans.Rec.")
{
    TrainCommand.Create(),
    EvalCommand.Create(),
    CompressCommand.Create(),
    DeployCommand.Create(),
    DeployCommand.CreateUpload(),
    ReplayCommand.Create(),
    Orleans.Rec.Tools.Kafka.KafkaMockCommand.Create(),
    Orleans.Rec.Tools.Kafka.TailCommand.Create(),
    KeysCommand.Create(),
    InspectCommand.Create(),
    InitConfigCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        ConsoleOutput.Fail(error.Message);
    }

    Console.Error.WriteLine("Run 'rec --help' for usage.");
    return ExitCodes.Usage;
}

try
{
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or HttpRequestException)
{
    ConsoleOutput.Fail(e.Message);
    return ExitCodes.Failure;
}
catch (OperationCanceledException)
{
    ConsoleOutput.Fail("cancelled.");
    return ExitCodes.Failure;
}
