namespace Orleans.Rec.Bench;

/// <summary>
/// One benchmark runnable as <c>dotnet run -c Release --project Bench -- NAME [options]</c>. Implementations are
/// found by reflection, so adding a benchmark touches no shared file.
/// </summary>
public interface IBenchmarkCommand
{
    /// <summary>The name on the command line.</summary>
    string Name { get; }

    /// <summary>One line for the list printed by <c>--help</c>.</summary>
    string Description { get; }

    Task<int> RunAsync(string[] args);
}
