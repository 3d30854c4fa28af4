using Orleans.Rec.Tools.Data;
using Orleans.Rec.Tools.Training;
using Spectre.Console;

namespace Orleans.Rec.Tools.Cli;

/// <summary>Reads an event log into sequences, with progress and a summary on standard error.</summary>
internal static class EventLoading
{
    public static (SequenceDataset Data, IEventReader Reader) Load(FileInfo path, EventFormat format, CancellationToken cancellationToken)
    {
        var reader = EventLog.Open(path.FullName, format);
        var data = StageProgress.Run(
            "read",
            progress => SequenceDataset.Build(
                reader.Read(cancellationToken),
                new Evaluation.ForwardingProgress<long>(n => progress.Report(($"{n:N0} events ({reader.Format})", 0))),
                cancellationToken));
        ConsoleOutput.Error.MarkupLineInterpolated(
            $"Read [bold]{data.Events:N0}[/] events ({reader.Format}) from {path.Name}: {data.Sequences.Count:N0} users, {data.ItemIds.Count:N0} items, {reader.SkippedRows:N0} malformed rows skipped.");
        return (data, reader);
    }
}
