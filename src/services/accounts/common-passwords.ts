// A small list of common passwords (lowercase), including ones typical in China. A password
// equal to one of these (case-insensitive) is refused by the password policy. Kept as a module
// rather than a data file so a bundled build carries it.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `123456 123456789 12345678 1234567890 12345 1234567 password 123123 111111 qwerty
abc123 000000 iloveyou 1q2w3e4r 1qaz2wsx qwertyuiop 123321 password1 password123 password@123
p@ssw0rd p@ssw0rd123 passw0rd passw0rd! admin admin123 admin1234 admin12345 admin@123 admin123456
administrator root root123 toor welcome welcome1 welcome123 welcome@123 letmein monkey
dragon master sunshine princess football baseball shadow superman batman trustno1
starwars whatever michael 654321 666666 888888 999999 112233 121212 123654
159357 147258 147258369 159753 258369 741852963 987654321 9876543210 0987654321 1234qwer
qwer1234 asdf1234 1234asdf zxcvbnm asdfghjkl zaq12wsx qazwsxedc 1qazxsw2 1q2w3e4r5t 1q2w3e4r5t6y
q1w2e3r4t5 a1b2c3d4 abcd1234 abc12345 abc123456 a123456 a12345678 a123456789 aa123456 aa12345678
aa123456789 aa1234567890 aa@123456 aa@123456789 123456a 123456aa 12345678a 123456789a 1234567890a 123456abc
123456789abc woaini woaini1314 woaini520 woaini123 woaini1314520 5201314 520131400 1314520 13145200
520520 iloveyou1314 5201314520 woshishui nihao123 nihao123456 wangyang wangjing zhangwei lixiaolong
qq123456 qq123456789 taobao123 baidu123 sina123 163163163 woaini5201314 aini1314 aini1314520 zhang123
wang123456 li123456 liu123456 chen123456 yang123456 huang123456 zhao123456 zhou123456 qwe123 qwe123456
qwe123456789 qweasd qweasdzxc qweasd123 qweasdzxc123 asd123 asd123456 zxc123 zxc123456 zxcvbn123
1qaz2wsx3edc 1qaz@wsx 1qaz@wsx3edc !qaz2wsx qazwsx123 qazwsx123456 1234567a 12345678910 11111111 1111111111
00000000 0000000000 88888888 8888888888 66666666 6666666666 12341234 11223344 1122334455 12344321
123456123456 123123123 123456654321 147852369 789456123 7894561230 159357852 a1234567 a1s2d3f4 abcdefg
abcdefgh abcdefghij abcdef123 iloveyou123 iloveu1314 monkey123 dragon123 sunshine1 princess1 football1
qwerty123 qwerty1234 qwerty@123 qwerty123456 qwertyui qwertyuiop123 qwerty12345 1qazxsw@ zz123456 zz12345678
zxcvbnm123 password1234 password12 pass1234 pass12345 changeme changeme123 secret123 test123 test1234
test12345 test123456 testtest guest guest123 user123 user1234 demo123 demo1234 china123
china1234 china2008 beijing beijing2008 shanghai shanghai123 chongqing chongqing123 chengdu123 love1314
love520 loveyou1314 forever1314 wo123456 ww123456 xx123456 hh123456 mm123456 abc123abc abcabc123
123abc123 123qwe 123qweasd 123qweasdzxc 123qwe123 123asd 123asdqwe 123zxc 000000a 111111a
666666a 888888a a000000 a111111 a666666 a888888 woaini1 woaini12 woaini1234 iloveyou520
52013145201314 1314521 13141314 52005200 10101010 12121212 13131313 20082008 20202020 19901990
19881988 19891989 19911991 19921992 19931993 19941994 19951995 19961996 19971997 19981998
19991999 20002000 20102010 20122012 20242024 20252025 password2024 password2025 admin2024 admin2025
wenze123 wenze123456 wenze2025 wenze@2025 letmein123 welcome2024 welcome2025 spring2025 summer2025 autumn2025
winter2025 hello123 hello123456 helloworld hello1234 iloveyou! 1234567890! !@#$%^&*() !@#$%^&* 1q2w3e
1q2w3e4r5t6y7u 1qaz1qaz 2wsx2wsx 3edc3edc zaq1zaq1 zaq1xsw2 zaq1xsw2cde3 asdasd asdasd123 asdasdasd
qweqwe qweqweqwe qweqwe123 zxczxc zxczxc123 aaaaaaaa aaaaaaaaaa aaaaaa111111 abc123456789 qwerty1
qwerty12 1234567890qwertyuiop qwertyuiop1 mima123456 mima1234 woshiyige 5211314 5201314a a5201314 woaini1314a
woainima woaiwojia woaini521 aa5201314 love123456 lover520 zhongguo zhongguo123 zhongguo1949 1949101
19491001 fuckyou fuckyou123 killer123 computer computer123 internet samsung apple123 iphone123
huawei123 xiaomi123 lenovo123 google123 microsoft windows windows10 linux123 ubuntu123 oracle123
mysql123 postgres postgres123 database sa123456 system system123 manager manager123 super123
superadmin superuser adminadmin administrator1 rootroot root1234 root@123 admin@1234 abc@123456 abc12345678
abcd@1234 abcd123456 a1234567890 aa111111 aa000000 zx123456 qaz123456 qwe@123456`
    .split(/\s+/)
    .filter(Boolean),
);
