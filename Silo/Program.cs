using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Rec;

// appsettings.json sits beside the binary; relative paths in settings (Rec:DataDir) stay relative to the working folder.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
var cluster = builder.Configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();

builder.UseOrleans(silo => silo
    .UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId)
    .AddRecSilo());

await builder.Build().RunAsync();
