// The dashboard's network cards: the peers (connections, Bitswap, the DHT, bandwidth) and the
// storage deals on chain. Loaded before app.js, whose helpers ($, setText, cell, rpc, ...) and
// refresh loop call into it once both are loaded.
'use strict';

// ---------------------------------------------------------------- peers

/** A libp2p security protocol by its usual name: /tls/1.0.0 is TLS, /noise is Noise. */
function securityName(protocol) {
  return { '/tls/1.0.0': 'TLS', '/noise': 'Noise' }[protocol] || protocol || '—';
}

function renderPeers(peers) {
  const online = Boolean(peers && peers.online);
  const value = (v) => (online && v !== undefined ? formatCount(v) : '–');
  setText('peers-connected', value(online ? peers.connected : undefined));
  setText('bitswap-in', value(online ? peers.bitswap.blocksReceived : undefined));
  setText('bitswap-out', value(online ? peers.bitswap.blocksSent : undefined));
  setText('bitswap-wants', value(online ? peers.bitswap.wants : undefined));
  setText('dht-table', value(online && peers.dht ? peers.dht.routingTable : undefined));
  setText('dht-provided', value(online && peers.dht ? peers.dht.provided : undefined));
  // The peers of both tables (a peer in both counted once), then each DHT's own.
  const dht = online ? peers.dht : undefined;
  setText(
    'dht-table-label',
    dht && dht.wan
      ? `DHT routing tables (WAN ${formatCount(dht.wan.routingTable)}, ` +
          `LAN ${formatCount(dht.lan ? dht.lan.routingTable : 0)})`
      : 'DHT routing table'
  );
  // The host's bytes on the wire (as 'cairn stats bw'), with the rate over the last second.
  const bw = online ? peers.bandwidth : undefined;
  setText('bw-in', bw ? formatBytes(bw.totalIn) : '–');
  setText('bw-out', bw ? formatBytes(bw.totalOut) : '–');
  setText('bw-in-label', bw ? `received, now ${formatBytes(Math.round(bw.rateIn))}/s` : 'received');
  setText('bw-out-label', bw ? `sent, now ${formatBytes(Math.round(bw.rateOut))}/s` : 'sent');
  setText(
    'peer-addresses',
    online ? `Peers dial this node at ${peers.addresses.join(', ') || 'no address'}.` : 'The p2p network does not run.'
  );
  const list = online ? peers.list : [];
  $('peers-table').tBodies[0].replaceChildren(
    ...list.map((p) => {
      const tr = document.createElement('tr');
      const id = cell(p.Peer);
      id.title = p.Peer;
      tr.append(id, cell(p.Addr), cell(p.Direction), cell(securityName(p.Security)), cell(p.Agent || '—'));
      return tr;
    })
  );
  $('peers-empty').hidden = list.length > 0;
  setText(
    'peers-more',
    online && peers.connected > list.length ? `Showing ${formatCount(list.length)} of ${formatCount(peers.connected)} peers.` : ''
  );
}

// ---------------------------------------------------------------- deals

async function refreshDeals() {
  let chain;
  try {
    chain = await rpc('chain/status');
  } catch (e) {
    chain = null;
  }
  if (!chain || !chain.Connected) {
    $('chain-line').textContent = chain ? `Chain: ${chain.Message}` : 'Chain: unavailable';
    $('deals-table').tBodies[0].replaceChildren();
    $('deals-empty').hidden = false;
    return;
  }
  const proving = chain.Proving ? `; proving since start: ${chain.Proving.PeriodsProven} periods proven, ${chain.Proving.ProofsFailed} failed` : '';
  $('chain-line').textContent = `Chain ${chain.ChainId} (${chain.Mode}) at block ${chain.Block}; account ${chain.Account}${proving}`;
  let deals = [];
  try {
    deals = (await rpc('deal/ls')).Deals || [];
  } catch (e) {
    deals = [];
  }
  $('deals-table').tBodies[0].replaceChildren(
    ...deals.map((d) => {
      const tr = document.createElement('tr');
      tr.append(
        cell(d.DealID, 'num'),
        cell(d.Role || '—'),
        cell(d.State),
        cell(d.PieceCID, 'mono'),
        cell(`${d.PeriodsProven} / ${d.PeriodsFaulted} / ${d.Periods}`),
        cell(d.Paid, 'num'),
        cell(d.Refunded, 'num')
      );
      return tr;
    })
  );
  $('deals-empty').hidden = deals.length > 0;
}
