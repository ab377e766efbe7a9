using System.Text;
using ChorusAccount.Core.Madrhas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChorusAccount.Web.Tests.Infrastructure;

/// <summary>Small MADRHAS extracts for the portal's tests, and their import through the portal's own importer.</summary>
public static class MadrhasExtract
{
    public const string Header =
        "identifiant;civilite;nom;prenom;email;adresse_ligne1;adresse_ligne2;code_postal;ville;pays;statut;"
        + "structure_type_identifiant;structure_identifiant;structure_raison_sociale;role;services;date_debut;date_fin";

    /// <summary>A user of the guide's mairie (no structure when <paramref name="siret"/> is empty).</summary>
    public static string Line(string login, string status = "ACTIF", string siret = "21450234500017", string role = "UTILISATEUR") =>
        siret.Length == 0
            ? $"{login};Mme;TESTEUR;Camille;{login}@mairie-exemple.fr;;;45000;Orléans;FR;{status};;;;;;;"
            : $"{login};Mme;TESTEUR;Camille;{login}@mairie-exemple.fr;;;45000;Orléans;FR;{status};SIRET;{siret};COMMUNE D'EXEMPLE;{role};;2024-01-01;";

    public static string Of(params string[] lines) => Header + "\n" + string.Concat(lines.Select(l => l + "\n"));

    public static async Task<MadrhasImportReport> ImportAsync(this PortalHost host, string csv, string fileName)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<MadrhasImporter>();
        return await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), fileName, new MadrhasImportOptions(), null, CancellationToken.None);
    }

    /// <summary>The run of <paramref name="fileName"/> once it has ended (an import the job runs, started from the ops page).</summary>
    public static async Task<MadrhasImportRun> WaitForRunAsync(this PortalHost host, string fileName)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var run = await host.WithDbAsync(db => db.MadrhasImportRuns.AsNoTracking().SingleOrDefaultAsync(r => r.FileName == fileName && r.RunningLock == null));
            if (run is not null)
            {
                return run;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No finished import run of {fileName} after 30 s.");
    }
}
