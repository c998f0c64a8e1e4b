// Applications made through the API, for tests that start after submission, and the sandbox
// operator's decisions (the token is the one playwright.config.js gave the server).
import { registerThroughApi } from './accounts.js';
import { png } from './images.js';

const OPERATOR = { 'x-operator-token': process.env.E2E_OPERATOR_TOKEN };

/** A settlement account number the sandbox bank refuses to verify (it ends in 0000). */
export const FAILING_ACCOUNT = '6222 0202 0011 2230 000';

function auth(token) {
  return { authorization: `Bearer ${token}` };
}

/** A complete enterprise draft with a mainland legal person, over three uploaded photos. */
export async function completeDraft(request, token, accountNumber) {
  const ids = [];
  for (let i = 0; i < 3; i += 1) {
    const uploaded = await request.post('/api/v1/uploads', {
      headers: { ...auth(token), 'content-type': 'image/png' },
      data: png(1600, 1200),
    });
    if (uploaded.status() !== 201 && uploaded.status() !== 200) throw new Error(`upload failed: ${uploaded.status()}`);
    ids.push((await uploaded.json()).id);
  }
  return {
    subject: {
      licence_image: ids[0], licence_number: '91110000600037341L',
      merchant_name: '北京某某科技有限公司', legal_person_name: '张三',
    },
    store: { name: '某某小店', url: 'https://shop.example.com', short_name: '某某科技' },
    legal_person: {
      residency: 'mainland', name: '张三', id_number: '11010519491231002X',
      id_front_image: ids[1], id_back_image: ids[2],
      validity: { begin: '2020-01-01', end: '', long_term: true },
      address: '北京市朝阳区某某路 1 号', is_beneficial_owner: true,
    },
    super_administrator: {
      type: '65', name: '张三', id_number: '11010519491231002X',
      mobile: '13800138000', email: 'zhangsan@example.com',
    },
    settlement_account: {
      account_type: '74', bank: '工商银行', city_code: '110000',
      branch_name: '中国工商银行北京朝阳支行', account_name: '北京某某科技有限公司',
      account_number: accountNumber,
    },
  };
}

/** The status, once `done(status)` holds (long polls, up to 10 s). */
export async function waitForStatus(request, token, done) {
  let tag = '';
  for (let i = 0; i < 20; i += 1) {
    const reply = await request.get('/api/v1/application/status?wait=1', {
      headers: { ...auth(token), 'if-none-match': tag },
    });
    if (reply.status() === 200) {
      tag = reply.headers().etag;
      const status = await reply.json();
      if (done(status)) return status;
    }
  }
  throw new Error('the status never arrived');
}

/** Saves `draft` as the account's draft, over whatever it was. */
export async function saveDraft(request, token, draft) {
  const current = await request.get('/api/v1/draft', { headers: auth(token) });
  const saved = await request.put('/api/v1/draft', {
    headers: { ...auth(token), 'if-match': current.headers().etag },
    data: draft,
  });
  if (saved.status() !== 200) throw new Error(`saving the draft failed: ${saved.status()} ${await saved.text()}`);
}

/** Registers an enterprise and submits a complete application; returns its token and the status
 * at account verification. */
export async function submittedThroughApi(request, { accountNumber = '6222 0202 0011 2233 445' } = {}) {
  const token = await registerThroughApi(request, 'enterprise');
  await saveDraft(request, token, await completeDraft(request, token, accountNumber));
  const submitted = await request.post('/api/v1/application', {
    headers: { ...auth(token), 'idempotency-key': `e2e-${Date.now()}-${Math.random()}` },
  });
  if (submitted.status() !== 202) throw new Error(`submit failed: ${submitted.status()} ${await submitted.text()}`);
  const status = await waitForStatus(request, token, (s) => s.state === 'ACCOUNT_NEED_VERIFY');
  return { token, status };
}

/** The operator lets the verification deadline pass. */
export async function expireDeadline(request, id) {
  const reply = await request.post(`/api/v1/sandbox/operator/applications/${id}/expire`, { headers: OPERATOR });
  if (reply.status() !== 204) throw new Error(`expire failed: ${reply.status()}`);
}

/** The sandbox bank delivers the transfer the status asks for. */
export async function remit(request, status) {
  const v = status.account_validation;
  const reply = await request.post('/api/v1/sandbox/remittances', {
    data: { amount_fen: v.pay_amount_fen, remark: v.remark },
  });
  if (reply.status() !== 204) throw new Error(`remittance failed: ${reply.status()}`);
}
