namespace VppPowerShell.Core.Reports;

/// <summary>
/// The report's one inline script, allowed by its hash in the page's Content-Security-Policy. It
/// measures what the browser laid out (so a reader, or a test, can tell the charts rendered), and
/// runs the list of apps and books: filter by app, adamId or token name, sort, and each app's pools
/// drawn only when its line is opened, from numbers in the page (data-pools) and the token names of
/// the token table. It writes text with textContent only: nothing it shows is parsed as HTML.
/// </summary>
internal static class ReportScript
{
    public const string Text = """
        (function () {
          var bars = document.querySelectorAll('svg rect.bar'), drawn = 0;
          for (var i = 0; i < bars.length; i++) {
            var width = bars[i].getBoundingClientRect().width;
            bars[i].setAttribute('data-rendered-width', width.toFixed(1));
            if (width > 0) drawn++;
          }
          var markers = document.querySelectorAll('svg .expiry-marker'), placed = 0;
          for (var j = 0; j < markers.length; j++) {
            var box = markers[j].getBoundingClientRect();
            markers[j].setAttribute('data-rendered-x', box.left.toFixed(1));
            if (box.width > 0) placed++;
          }
          document.body.setAttribute('data-rendered-bars', String(drawn));
          document.body.setAttribute('data-rendered-markers', String(placed));

          var list = document.getElementById('app-list');
          if (!list) return;
          var filter = document.getElementById('app-filter'), sort = document.getElementById('app-sort'), shown = document.getElementById('app-shown');
          var apps = Array.prototype.slice.call(list.querySelectorAll('details.app'));
          var tokens = {};
          var tokenRows = document.querySelectorAll('#tokens tbody tr');
          for (var t = 0; t < tokenRows.length; t++) {
            var cells = tokenRows[t].cells;
            tokens[tokenRows[t].getAttribute('data-token-id')] = { name: cells[0].textContent, days: cells[3].textContent };
          }
          function number(text) { return text === 'u' ? Infinity : Number(text); }
          function pools(app) {
            if (app.pools) return app.pools;
            var text = app.getAttribute('data-pools'), result = [];
            var items = text ? text.split(';') : [];
            for (var k = 0; k < items.length; k++) {
              var f = items[k].split(','), token = tokens[f[0]] || { name: 'token ' + f[0], days: '' };
              result.push({ rank: k, token: token.name, lower: token.name.toLowerCase(), days: token.days, total: number(f[1]), assigned: number(f[2]),
                free: number(f[3]), desired: number(f[4]), needed: number(f[5]), failed: number(f[6]) });
            }
            app.pools = result;
            return result;
          }
          var poolOrder = {
            name: function (a, b) { return a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : a.rank - b.rank; },
            scarcity: function (a, b) { return a.rank - b.rank; },
            available: function (a, b) { return (a.free - b.free) || (a.rank - b.rank); },
            assigned: function (a, b) { return (b.assigned - a.assigned) || (a.rank - b.rank); },
            tokens: function (a, b) { return a.rank - b.rank; }
          };
          function attribute(app, name) { return Number(app.getAttribute('data-' + name)); }
          var appOrder = {
            name: function (a, b) { return attribute(a, 'name-rank') - attribute(b, 'name-rank'); },
            scarcity: function (a, b) { return attribute(a, 'rank') - attribute(b, 'rank'); },
            available: function (a, b) { return (attribute(a, 'available') - attribute(b, 'available')) || appOrder.name(a, b); },
            assigned: function (a, b) { return (attribute(b, 'assigned') - attribute(a, 'assigned')) || appOrder.name(a, b); },
            tokens: function (a, b) { return (attribute(b, 'tokens') - attribute(a, 'tokens')) || appOrder.name(a, b); }
          };
          function cell(row, text, css) {
            var td = document.createElement('td');
            td.textContent = text;
            if (css) td.className = css;
            row.appendChild(td);
          }
          function count(value) { return value === Infinity ? 'unlimited' : value.toLocaleString('en-US'); }
          function render(app) {
            var holder = app.querySelector('.pools');
            var text = app.getAttribute('data-match');
            var rows = pools(app).filter(function (p) { return !text || p.lower.indexOf(text) >= 0; }).sort(poolOrder[sort.value] || poolOrder.scarcity);
            var table = document.createElement('table');
            table.className = 'pool-table';
            var head = document.createElement('tr');
            ['Token', 'Owned', 'Assigned', 'Free', 'Asked for', 'Missing', 'Failed', 'Token expires in'].forEach(function (label, index) {
              var th = document.createElement('th');
              th.textContent = label;
              if (index > 0) th.className = 'num';
              head.appendChild(th);
            });
            var thead = document.createElement('thead');
            thead.appendChild(head);
            table.appendChild(thead);
            var body = document.createElement('tbody');
            rows.forEach(function (p) {
              var row = document.createElement('tr');
              row.className = 'pool' + (p.needed > 0 ? ' short' : '');
              cell(row, p.token);
              cell(row, count(p.total), 'num');
              cell(row, count(p.assigned), 'num');
              cell(row, count(p.free), 'num');
              cell(row, count(p.desired), 'num');
              cell(row, count(p.needed), 'num');
              cell(row, count(p.failed), 'num');
              cell(row, p.days === '' ? '' : p.days + ' days', 'num');
              body.appendChild(row);
            });
            table.appendChild(body);
            holder.textContent = '';
            if (text) {
              var note = document.createElement('p');
              note.className = 'muted';
              note.textContent = rows.length + ' of ' + pools(app).length + ' tokens match the filter.';
              holder.appendChild(note);
            }
            holder.appendChild(table);
          }
          function apply() {
            var text = filter.value.trim().toLowerCase(), visible = 0;
            apps.forEach(function (app) {
              var byName = !text || app.getAttribute('data-search').indexOf(text) >= 0;
              var show = byName || pools(app).some(function (p) { return p.lower.indexOf(text) >= 0; });
              if (byName) app.removeAttribute('data-match'); else app.setAttribute('data-match', text);
              app.hidden = !show;
              if (show) visible++;
              if (show && app.open) render(app);
            });
            shown.textContent = visible === apps.length ? apps.length + ' apps and books' : visible + ' of ' + apps.length + ' apps and books match';
            list.setAttribute('data-visible', String(visible));
          }
          function reorder() {
            apps.sort(appOrder[sort.value] || appOrder.name);
            apps.forEach(function (app) { list.appendChild(app); if (app.open && !app.hidden) render(app); });
          }
          list.addEventListener('toggle', function (event) { if (event.target.open) render(event.target); }, true);
          filter.addEventListener('input', apply);
          sort.addEventListener('change', reorder);
          reorder();
          apply();
        })();
        """;
}
