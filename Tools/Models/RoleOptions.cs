using System.CommandLine;

namespace Orleans.Rec.Tools.Models;

/// <summary>The flags that name a tensor's role when a graph leaves a choice (<c>rec inspect</c>, <c>rec init-config</c>).</summary>
internal sealed class RoleOptions
{
    public Option<string?> History { get; } = Named("--history", "The input that holds the history item ids.");

    public Option<string?> Length { get; } = Named("--length", "The input that holds each history's length.");

    public Option<string?> TopK { get; } = Named("--top-k", "The input that holds k (int64 [1]).");

    public Option<string?> Scores { get; } = Named("--scores", "The output that holds the scores.");

    public Option<string?> Items { get; } = Named("--items-output", "The output that holds the ranked item ids (a TopK's indices).");

    public void AddTo(Command command)
    {
        command.Options.Add(History);
        command.Options.Add(Length);
        command.Options.Add(TopK);
        command.Options.Add(Scores);
        command.Options.Add(Items);
    }

    public RoleChoices Read(ParseResult result) => new()
    {
        History = result.GetValue(History),
        Length = result.GetValue(Length),
        TopK = result.GetValue(TopK),
        Scores = result.GetValue(Scores),
        Items = result.GetValue(Items),
    };

    private static Option<string?> Named(string name, string description) => new(name) { Description = description, HelpName = "NAME" };
}
