-- Customers (individuals, adults) with their sealed identity number, mobile and address from the pools, real blind
-- indexes (HMAC under the bench's key, as lib/crypto/pii.ts blindIndex computes them) so search by number works, and
-- one current account each (balances are set from the ledger afterwards).
WITH names AS (
  SELECT string_to_array('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤', NULL) AS surnames,
         string_to_array('伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红玲芬燕彬鹏辉建国志海欣怡子涵浩然梓萱宇轩晨晓东雪梅丹琳斌博文婷佳俊飞鑫颖倩春秋', NULL) AS given,
         (SELECT array_agg(sealed ORDER BY i) FROM bench_seed.pool WHERE kind = 'id') AS ids,
         (SELECT array_agg(sealed ORDER BY i) FROM bench_seed.pool WHERE kind = 'mobile') AS mobiles,
         (SELECT array_agg(sealed ORDER BY i) FROM bench_seed.pool WHERE kind = 'address') AS addresses,
         (SELECT array_agg(plain ORDER BY i) FROM bench_seed.pool WHERE kind = 'address') AS masked,
         string_to_array('civil_servant,professional,office_clerk,business_service,manufacturing,agriculture,retired,student,self_employed,other', ',') AS occupations,
         decode('{{idxKey}}', 'hex') AS idx_key
), people AS (
  SELECT c, date '1950-01-01' + (c * 7919 % 18000)::int AS birth FROM generate_series(1, {{customers}}::bigint) c
), numbered AS (
  SELECT c, birth,
    -- Unique: the birth date fixes c modulo 18,000 and the last four (spread over 0000-9999) then fix c / 18,000.
    '110105' || to_char(birth, 'YYYYMMDD') || lpad((((c / 18000) * 6001 + (c % 18000) * 7) % 10000)::text, 4, '0') AS id_number,
    '177' || lpad(c::text, 8, '0') AS mobile
  FROM people
)
INSERT INTO customers (id, kind, name, id_number_enc, document_type, id_number_index, id_number_last4, mobile_enc, mobile_index, mobile_last4,
  birth_date, gender, document_expiry, nationality, occupation, address_enc, address_masked, risk_level, language, created_at, updated_at)
SELECT bench_seed.uid('cu', c), 'individual',
  surnames[1 + (c * 7) % array_length(surnames, 1)] || given[1 + (c * 11) % array_length(given, 1)] || CASE WHEN c % 10 < 7 THEN given[1 + (c * 13 / 7) % array_length(given, 1)] ELSE '' END,
  ids[1 + c % array_length(ids, 1)], 'resident_id',
  encode(bench_seed.hmac(convert_to('id:' || id_number, 'UTF8'), idx_key, 'sha256'), 'hex'), right(id_number, 4),
  mobiles[1 + c % array_length(mobiles, 1)], encode(bench_seed.hmac(convert_to('mobile:' || mobile, 'UTF8'), idx_key, 'sha256'), 'hex'), right(mobile, 4),
  birth, CASE WHEN c % 2 = 0 THEN 'male' ELSE 'female' END,
  -- 20% long-term, 2% run out, 3% running out within the review window, the rest valid for years.
  CASE WHEN c % 5 = 0 THEN NULL WHEN c % 50 = 1 THEN date '{{anchor}}' - (1 + c % 300)::int WHEN c % 50 IN (2, 3, 4) THEN date '{{anchor}}' + (c % 30)::int ELSE date '{{anchor}}' + (60 + c % 3650)::int END,
  'CHN', occupations[1 + c % array_length(occupations, 1)],
  addresses[1 + c % array_length(addresses, 1)], masked[1 + c % array_length(masked, 1)],
  bench_seed.cust_risk(c), CASE WHEN c % 25 = 0 THEN 'en' ELSE 'zh-CN' END,
  bench_seed.cust_created(c), bench_seed.cust_created(c)
FROM numbered CROSS JOIN names;

INSERT INTO accounts (id, number, customer_id, kind, status, balance, opened_at)
SELECT bench_seed.uid('ac', c), bench_seed.account_number(c), bench_seed.uid('cu', c), 'current', 'active', 0, bench_seed.cust_created(c)
FROM generate_series(1, {{customers}}::bigint) c;
