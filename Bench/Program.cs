using System.Reflection;
using Orleans.Rec.Bench;

var commands = typeof(IBenchmarkCommand).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmarkCommand).IsAssignableFrom(t))
    .Select(t => (IBenchmarkCommand)Activator.CreateInstance(t)!)
    .OrderBy(c => c.Name, StringComparer.Ordinal)
    .ToArray();

var command = args.Length > 0 ? commands.FirstOrDefault(c => c.Name == args[0]) : null;
if (command is null)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Bench -- NAME [options]");
    foreach (var c in commands)
    {
        Console.Error.WriteLine($"  {c.Name,-16} {c.Description}");
    }

    return args.Length == 0 || args[0] is "--help" or "-h" ? 0 : 2;
}

Console.Error.WriteLine($"{command.Name}: {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
return await command.RunAsync(args[1..]);

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, assembly {Assembly.GetExecutingAssembly().GetName().Version}";
