using Microsoft.Extensions.Hosting;

// appsettings.json sits beside the binary; relative paths in settings (Rec:DataDir) stay relative to the working folder.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.UseOrleans(silo => silo
    .UseRecClustering()
    .AddRecSilo());

await builder.Build().RunAsync();
