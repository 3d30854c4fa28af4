namespace Orleans.Rec.Tools.Data;

/// <summary>Streams an event log as <see cref="InteractionEvent"/>s, skipping (and counting) malformed rows.</summary>
public interface IEventReader
{
    /// <summary>The format this reader parses.</summary>
    EventFormat Format { get; }

    /// <summary>Rows skipped as malformed by the enumerations so far.</summary>
    long SkippedRows { get; }

    /// <summary>Reads the log from the start, one event at a time; each call opens the source again.</summary>
    IEnumerable<InteractionEvent> Read(CancellationToken cancellationToken = default);
}
