using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ChorusAccount.Pigp;

/// <summary>Server-rendered HTML pages of the PIGP stand-in (no MVC in this assembly on purpose).</summary>
internal static class PigpPages
{
    public const string DematLinkText = "Demat. des factures";

    private const int MaxListedIdentities = 20;

    private static readonly HtmlEncoder _encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Style = """
        *{box-sizing:border-box}
        body{margin:0;font-family:Marianne,Arial,Helvetica,sans-serif;font-size:1rem;line-height:1.5;color:#161616;background:#fff}
        a{color:#000091}
        a:focus,button:focus,input:focus{outline:3px solid #0a76f6;outline-offset:2px}
        header{border-bottom:1px solid #ddd;padding:1rem 1.5rem;display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:1rem}
        .marque{margin:0;font-weight:700;line-height:1.2}
        .marque span{display:block;font-weight:400;font-size:.875rem;color:#3a3a3a}
        .session{margin:0}
        main{max-width:48rem;margin:0 auto;padding:1.5rem}
        h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem}
        h2{font-size:1.25rem;margin:2rem 0 .75rem}
        .applications{list-style:none;padding:0;margin:0}
        .applications li{border:1px solid #ddd;padding:1rem;margin:0 0 1rem}
        .applications p{margin:0 0 .75rem}
        .bouton,button{display:inline-block;background:#000091;color:#fff;border:0;padding:.5rem 1.5rem;font:inherit;font-weight:500;text-decoration:none;cursor:pointer}
        .bouton:hover,button:hover{background:#1212ff}
        .champ{margin:0 0 1.5rem}
        label{display:block;font-weight:700;margin:0 0 .25rem}
        .aide{display:block;color:#3a3a3a;font-size:.875rem;margin:0 0 .5rem}
        input[type=text]{display:block;width:100%;max-width:24rem;padding:.5rem .75rem;font:inherit;color:#161616;background:#f6f6f6;border:0;border-bottom:2px solid #3a3a3a}
        .erreur{color:#ce0500;font-weight:700;margin:0 0 .5rem}
        input[aria-invalid=true]{border-bottom-color:#ce0500}
        .avertissement{background:#e8edff;color:#161616;padding:.75rem 1rem;border-left:4px solid #000091}
        footer{border-top:1px solid #ddd;padding:1rem 1.5rem;font-size:.875rem;color:#3a3a3a}
        """;

    public static string Encode(string value) => _encoder.Encode(value);

    public static string Home(PigpIdentity? agent, string portalUrl)
    {
        var body = new StringBuilder();
        body.Append("<h1>Portail Internet de la Gestion Publique</h1>");
        body.Append("<p>Bienvenue sur le PIGP, le portail des agents de la gestion publique. ");
        body.Append("Choisissez ci-dessous l’application à laquelle vous souhaitez accéder : ");
        body.Append("vous y serez connecté automatiquement avec votre identité PIGP.</p>");
        body.Append("<h2 id=\"titre-applications\">Applications</h2>");
        body.Append("<ul class=\"applications\" aria-labelledby=\"titre-applications\">");
        body.Append("<li><p>Chorus Pro : dématérialisation des factures de la sphère publique (portail de gestion des comptes).</p>");
        body.Append("<a class=\"bouton\" href=\"").Append(Encode(portalUrl)).Append("\">").Append(Encode(DematLinkText)).Append("</a></li>");
        body.Append("</ul>");
        body.Append("<p class=\"avertissement\">Environnement de démonstration : ce portail simule le PIGP de la DGFiP.</p>");
        return Layout("Accueil", agent, body.ToString());
    }

    public static string SignIn(string antiforgeryFieldName, string antiforgeryToken, string returnUrl, string? uid, string? error, IReadOnlyList<PigpIdentity> identities)
    {
        var body = new StringBuilder();
        body.Append("<h1>Connexion au PIGP</h1>");
        body.Append("<p class=\"avertissement\">Environnement de démonstration : aucun mot de passe n’est demandé, ");
        body.Append("saisissez seulement l’identifiant MADRHAS d’un agent de démonstration.</p>");
        body.Append("<form method=\"post\" action=\"/connexion\" novalidate>");
        body.Append("<input type=\"hidden\" name=\"").Append(Encode(antiforgeryFieldName)).Append("\" value=\"").Append(Encode(antiforgeryToken)).Append("\">");
        body.Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(Encode(returnUrl)).Append("\">");
        body.Append("<div class=\"champ\">");
        body.Append("<label for=\"uid\">Identifiant</label>");
        body.Append("<span class=\"aide\" id=\"uid-aide\">Votre identifiant MADRHAS : choisissez-en un parmi les identités de démonstration ci-dessous.</span>");
        var describedBy = "uid-aide";
        if (error is not null)
        {
            body.Append("<p class=\"erreur\" id=\"uid-erreur\" role=\"alert\">").Append(Encode(error)).Append("</p>");
            describedBy += " uid-erreur";
        }

        body.Append("<input type=\"text\" id=\"uid\" name=\"uid\" autocomplete=\"username\" spellcheck=\"false\" autocapitalize=\"none\" required");
        body.Append(" aria-describedby=\"").Append(describedBy).Append('"');
        if (error is not null)
        {
            body.Append(" aria-invalid=\"true\"");
        }

        body.Append(" value=\"").Append(Encode(uid ?? string.Empty)).Append("\">");
        body.Append("</div>");
        body.Append("<button type=\"submit\">Se connecter</button>");
        body.Append("</form>");
        body.Append("<h2 id=\"titre-identites\">Identités de démonstration</h2>");
        body.Append("<ul aria-labelledby=\"titre-identites\">");
        foreach (var identity in identities.Take(MaxListedIdentities))
        {
            body.Append("<li><code>").Append(Encode(identity.Uid)).Append("</code> — ").Append(Encode(PigpState.DisplayName(identity))).Append("</li>");
        }

        body.Append("</ul>");
        if (identities.Count > MaxListedIdentities)
        {
            body.Append("<p>… et ").Append(identities.Count - MaxListedIdentities).Append(" autres identités.</p>");
        }
        return Layout(error is null ? "Connexion" : "Erreur : connexion", agent: null, body.ToString());
    }

    public static string Error(string error, string? description)
    {
        var body = new StringBuilder();
        body.Append("<h1>La demande n’a pas pu aboutir</h1>");
        body.Append("<p>L’application qui vous a redirigé vers le PIGP a envoyé une demande de connexion invalide.</p>");
        body.Append("<p>Code d’erreur : <code>").Append(Encode(error)).Append("</code></p>");
        if (!string.IsNullOrEmpty(description))
        {
            body.Append("<p>Détail : ").Append(Encode(description)).Append("</p>");
        }

        body.Append("<p><a href=\"/\">Retour à l’accueil du PIGP</a></p>");
        return Layout("Erreur", agent: null, body.ToString());
    }

    private static string Layout(string title, PigpIdentity? agent, string content)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(Encode(title)).Append(" — PIGP, Portail Internet de la Gestion Publique</title>");
        html.Append("<style>").Append(Style).Append("</style></head><body>");
        html.Append("<header><p class=\"marque\"><a href=\"/\">PIGP</a><span>Direction générale des Finances publiques</span></p>");
        if (agent is not null)
        {
            html.Append("<p class=\"session\">Connecté : ").Append(Encode(PigpState.DisplayName(agent)));
            html.Append(" — <a href=\"/connect/logout\">Se déconnecter</a></p>");
        }

        html.Append("</header><main>").Append(content).Append("</main>");
        html.Append("<footer><p>Simulation du Portail Internet de la Gestion Publique pour Chorus Pro.</p></footer>");
        html.Append("</body></html>");
        return html.ToString();
    }
}
